// What a user may change on their own account through the generic API. A resident who could give
// themself an email and a password would sign in without SMS; staff who could put any free phone on
// their own account would lock that phone's resident out of SMS sign-in. Each refusal has its own code
// and writes nothing, not even the other fields of the same update.
import { startTestApp, type TestApp } from '../harness/app'
import { as, createUser } from '../harness/factories'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

const UPDATE = `mutation($id: ID!, $data: UserUpdateInput!) { updateUser(where: { id: $id }, data: $data) { id } }`

let n = 0
const freePhone = () => `+1415555${String(8100 + ++n).padStart(4, '0')}`

async function update(actor: { id: string; name: string; type: string; isAdmin: boolean }, userId: string, data: Record<string, unknown>) {
  const res = await as(app.context, actor).graphql.raw({ query: UPDATE, variables: { id: userId, data } })
  return res.errors?.[0]?.extensions?.code ?? 'allowed'
}

const stored = (id: string) => app.context.prisma.user.findUnique({ where: { id } })

type Case = [who: 'resident' | 'staff' | 'service', field: string, code: string, value: () => unknown]
const cases: Case[] = [
  ['resident', 'email', 'USER_EMAIL_CHANGE_FORBIDDEN', () => `self${++n}@test.example`],
  ['resident', 'password', 'USER_PASSWORD_CHANGE_FORBIDDEN', () => 'a-password-of-mine'],
  ['resident', 'phone', 'USER_PHONE_CHANGE_FORBIDDEN', freePhone],
  ['resident', 'name', 'allowed', () => 'New Name'],
  ['staff', 'phone', 'USER_PHONE_CHANGE_FORBIDDEN', freePhone],
  ['staff', 'email', 'allowed', () => `self${++n}@test.example`],
  ['staff', 'password', 'allowed', () => 'a-new-password-1'],
  ['service', 'phone', 'USER_PHONE_CHANGE_FORBIDDEN', freePhone],
  ['service', 'email', 'allowed', () => `self${++n}@test.example`],
]

test.each(cases)('a %s setting their own %s: %s', async (who, field, code, value) => {
  const user = await createUser(app.context, { type: who, phone: who === 'resident' ? freePhone() : undefined, password: who === 'resident' ? undefined : 'password-123' })
  const before = await stored(user.id)
  const data = { [field]: value(), ...(code === 'allowed' ? {} : { name: 'Changed Along' }) }
  expect(await update(user, user.id, data)).toBe(code)
  const after = await stored(user.id)
  if (code === 'allowed') expect(after).not.toEqual(before)
  else expect(after).toEqual(before) // the name sent along was not written either
})

test('a resident cannot gain a password sign-in: email and password together are refused', async () => {
  const resident = await createUser(app.context, { type: 'resident', phone: freePhone(), email: undefined, password: undefined })
  expect(await update(resident, resident.id, { email: `sneaky${++n}@test.example`, password: 'now-i-have-one' })).toMatch(/^USER_(EMAIL|PASSWORD)_CHANGE_FORBIDDEN$/)
  expect(await stored(resident.id)).toMatchObject({ password: null })
})

test('an admin sets anyone’s phone, email and password', async () => {
  const admin = await createUser(app.context, { isAdmin: true })
  const resident = await createUser(app.context, { type: 'resident', phone: freePhone() })
  const staff = await createUser(app.context, { type: 'staff' })
  const phone = freePhone()
  expect(await update(admin, resident.id, { phone, email: `given${++n}@test.example`, password: 'given-password-1' })).toBe('allowed')
  expect(await stored(resident.id)).toMatchObject({ phone, password: expect.stringMatching(/^\$2/) })
  expect(await update(admin, staff.id, { phone: freePhone() })).toBe('allowed')
  expect(await update(admin, admin.id, { phone: freePhone() })).toBe('allowed')
})

test("nobody but an admin changes someone else's account at all", async () => {
  const staff = await createUser(app.context, { type: 'staff' })
  const other = await createUser(app.context, { type: 'staff' })
  const before = await stored(other.id)
  expect(await update(staff, other.id, { name: 'Renamed' })).toBe('KS_ACCESS_DENIED')
  expect(await stored(other.id)).toEqual(before)
})
