// A stolen or forgotten token must die when its owner signs out, changes the password or is signed out
// everywhere by an admin: over HTTP, as a cookie and as a bearer token, for staff (password sign-in) and
// residents (phone sign-in) alike. Signing out one device leaves the others signed in.
import { startResidentApp, signedInResident, type ResidentApp } from '../plugins/residents/helpers'
import { TEST_ADMIN } from '../harness/app'
import { createOrganization, createStaff, createUser } from '../harness/factories'
import { gql, signIn } from '../harness/http'

let r: ResidentApp
beforeAll(async () => {
  r = await startResidentApp({ CONFIRM_PHONE_SMS_PER_IP_PER_DAY: '100', RESIDENT_SESSION_MAX_AGE_DAYS: '60', SESSION_MAX_AGE_DAYS: '2' })
})
afterAll(() => r.app.close())

const ME = `{ authenticatedItem { ... on User { id } } }`
const END = `mutation { endSession }`
const SIGN_OUT_EVERYWHERE = `mutation($id: ID!) { signOutEverywhere(where: { id: $id }) { id } }`
const SET_PASSWORD = `mutation($id: ID!, $password: String!) { updateUser(where: { id: $id }, data: { password: $password }) { id } }`

type Device = { headers: Record<string, string>; kind: 'bearer' | 'cookie' }
const bearer = (token: string): Device => ({ headers: { authorization: `Bearer ${token}` }, kind: 'bearer' })

async function whoIs(device: Device) {
  const res = await gql(r.app.url, ME, {}, device.headers)
  return res.body.data?.authenticatedItem?.id ?? null
}

let n = 0
async function staffAccount(data: { isAdmin?: boolean } = {}) {
  const email = `session${++n}-${process.pid}@test.example`
  const user = await createUser(r.app.context, { email, password: 'first-password-1', ...data })
  return { email, user }
}

/** Signs in on a new "device": a bearer token, or the cookie the response set. */
async function device(email: string, kind: Device['kind'], password = 'first-password-1'): Promise<Device> {
  const { result, setCookie } = await signIn(r.app.url, email, password)
  expect(result.sessionToken).toEqual(expect.any(String))
  return kind === 'bearer' ? bearer(result.sessionToken) : { headers: { cookie: setCookie!.split(';')[0] }, kind }
}

describe.each(['bearer', 'cookie'] as const)('as a %s', kind => {
  test('endSession ends this device only, and the token stays dead', async () => {
    const { email, user } = await staffAccount()
    const phone = await device(email, kind)
    const laptop = await device(email, kind)
    expect(await whoIs(phone)).toBe(user.id)

    const ended = await gql(r.app.url, END, {}, phone.headers)
    expect(ended.body.data.endSession).toBe(true)
    if (kind === 'cookie') expect(ended.headers.get('set-cookie')).toMatch(/keystonejs-session=;/)
    expect(await whoIs(phone)).toBeNull() // replaying the old token or cookie does not bring it back
    expect(await whoIs(laptop)).toBe(user.id)
  })

  test("a new password ends the user's other sessions and keeps the one that changed it", async () => {
    const { email, user } = await staffAccount()
    const current = await device(email, kind)
    const other = await device(email, kind)
    const res = await gql(r.app.url, SET_PASSWORD, { id: user.id, password: 'second-password-2' }, current.headers)
    expect(res.body.errors).toBeUndefined()
    expect(await whoIs(other)).toBeNull()
    expect(await whoIs(current)).toBe(user.id)
    expect((await signIn(r.app.url, email, 'first-password-1')).result).toEqual({ message: 'Authentication failed.' })
    expect(await whoIs(await device(email, kind, 'second-password-2'))).toBe(user.id)
  })

  test('an admin signing a user out everywhere ends all of their sessions, and only theirs', async () => {
    const admin = await device(TEST_ADMIN.email, 'bearer', TEST_ADMIN.password)
    const { email, user } = await staffAccount()
    const bystander = await staffAccount()
    const devices = [await device(email, kind), await device(email, kind)]
    const theirs = await device(bystander.email, kind)

    const res = await gql(r.app.url, SIGN_OUT_EVERYWHERE, { id: user.id }, admin.headers)
    expect(res.body.data.signOutEverywhere).toEqual({ id: user.id })
    for (const d of devices) expect(await whoIs(d)).toBeNull()
    expect(await whoIs(theirs)).toBe(bystander.user.id)
    expect(await whoIs(admin)).not.toBeNull()
  })
})

test('an admin resetting a password ends every session of that user', async () => {
  const admin = await device(TEST_ADMIN.email, 'bearer', TEST_ADMIN.password)
  const { email, user } = await staffAccount()
  const devices = [await device(email, 'bearer'), await device(email, 'cookie')]
  await gql(r.app.url, SET_PASSWORD, { id: user.id, password: 'reset-password-3' }, admin.headers)
  for (const d of devices) expect(await whoIs(d)).toBeNull()
  expect(await whoIs(admin)).not.toBeNull()
})

test('only an admin signs another user out; a user may sign themself out everywhere', async () => {
  const org = await createOrganization(r.app.context)
  const colleague = await createStaff(r.app.context, org.id, ['manageEmployees'])
  const target = await createStaff(r.app.context, org.id)
  const colleagueDevice = await device(colleague.email, 'bearer', 'password-123')
  const targetDevice = await device(target.email, 'bearer', 'password-123')

  const refused = await gql(r.app.url, SIGN_OUT_EVERYWHERE, { id: target.id }, colleagueDevice.headers)
  expect(refused.body.errors?.[0].extensions?.code).toBe('SIGN_OUT_FORBIDDEN')
  expect(await whoIs(targetDevice)).toBe(target.id)

  const anonymous = await gql(r.app.url, SIGN_OUT_EVERYWHERE, { id: target.id })
  expect(anonymous.body.errors?.[0].extensions?.code).toBe('KS_ACCESS_DENIED')
  expect(await whoIs(targetDevice)).toBe(target.id)

  const self = await gql(r.app.url, SIGN_OUT_EVERYWHERE, { id: target.id }, targetDevice.headers)
  expect(self.body.data.signOutEverywhere).toEqual({ id: target.id })
  expect(await whoIs(targetDevice)).toBeNull()
})

describe('resident sessions (phone sign-in) follow the same rules', () => {
  let m = 0
  const nextPhone = () => `+1415555${String(7100 + ++m).padStart(4, '0')}`

  test('endSession ends the resident token; another device stays', async () => {
    const phone = nextPhone()
    const first = await signedInResident(r, phone)
    const second = await signedInResident(r, phone)
    expect(await whoIs({ headers: first.headers, kind: 'bearer' })).toBe(first.userId)
    await gql(r.app.url, END, {}, first.headers)
    expect(await whoIs({ headers: first.headers, kind: 'bearer' })).toBeNull()
    expect(await whoIs({ headers: second.headers, kind: 'bearer' })).toBe(second.userId)
  })

  test('an admin signs a resident out everywhere', async () => {
    const admin = await device(TEST_ADMIN.email, 'bearer', TEST_ADMIN.password)
    const resident = await signedInResident(r, nextPhone())
    await gql(r.app.url, SIGN_OUT_EVERYWHERE, { id: resident.userId }, admin.headers)
    expect(await whoIs({ headers: resident.headers, kind: 'bearer' })).toBeNull()
  })

  test('resident sessions last RESIDENT_SESSION_MAX_AGE_DAYS, staff sessions SESSION_MAX_AGE_DAYS', async () => {
    const resident = await signedInResident(r, nextPhone())
    const { email, user } = await staffAccount()
    const { setCookie } = await signIn(r.app.url, email, 'first-password-1')
    expect(setCookie).toMatch(new RegExp(`Max-Age=${2 * 86400};`))
    const rows = await r.app.context.prisma.userSession.findMany({ where: { userId: { in: [resident.userId, user.id] } } })
    const days = (row: any) => (row.expiresAt.getTime() - row.createdAt.getTime()) / 86_400_000
    expect(days(rows.find((row: any) => row.userId === resident.userId))).toBeCloseTo(60, 2)
    expect(days(rows.find((row: any) => row.userId === user.id))).toBeCloseTo(2, 2)
  })
})

test('an expired session row signs nobody in, whatever the token says', async () => {
  const { email, user } = await staffAccount()
  const laptop = await device(email, 'bearer')
  await r.app.context.prisma.userSession.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
  expect(await whoIs(laptop)).toBeNull()
})

test('a token from before this release (no session row) signs nobody in', async () => {
  const { statelessSessions } = await import('@keystone-6/core/session')
  const { user } = await staffAccount()
  const res = { setHeader: () => {} } as any
  const legacy = await statelessSessions({ secret: r.app.env.SESSION_SECRET!, maxAge: 3600 }).start({ context: { res } as any, data: { listKey: 'User', itemId: user.id } })
  expect(await whoIs(bearer(legacy!))).toBeNull()
})
