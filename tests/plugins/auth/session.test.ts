// Sign-in and sessions through the real HTTP server: cookie and bearer token, Admin UI gate, first-admin seed.
import { startTestApp, TEST_ADMIN, type TestApp } from '../../harness/app'
import { gql, signIn } from '../../harness/http'
import { createUser } from '../../harness/factories'
import { seedAdmin } from '../../../plugins/auth/seed-admin'

const WHO_AM_I = `{ authenticatedItem { ... on User { id email isAdmin } } }`

let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ http: true })
})
afterAll(() => app.close())

test('the first start seeds the admin from ADMIN_EMAIL / ADMIN_PASSWORD, and it can sign in', async () => {
  const { result } = await signIn(app.url, TEST_ADMIN.email, TEST_ADMIN.password)
  expect(result.sessionToken).toEqual(expect.any(String))
  const admins = await app.context.sudo().db.User.findMany({ where: { isAdmin: { equals: true } } })
  expect(admins.map(a => a.email)).toEqual([TEST_ADMIN.email])
})

test('the session works as a cookie and as Authorization: Bearer', async () => {
  const { result, setCookie } = await signIn(app.url, TEST_ADMIN.email, TEST_ADMIN.password)
  const cookie = setCookie!.split(';')[0]
  const viaCookie = await gql(app.url, WHO_AM_I, {}, { cookie })
  expect(viaCookie.body.data.authenticatedItem).toMatchObject({ email: TEST_ADMIN.email, isAdmin: true })
  const viaBearer = await gql(app.url, WHO_AM_I, {}, { authorization: `Bearer ${result.sessionToken}` })
  expect(viaBearer.body.data.authenticatedItem).toMatchObject({ email: TEST_ADMIN.email })
})

test('a wrong password, a tampered token and no session give no identity', async () => {
  const wrong = await signIn(app.url, TEST_ADMIN.email, 'not-the-password')
  expect(wrong.result).toEqual({ message: 'Authentication failed.' })
  expect(wrong.setCookie).toBeNull()

  const { result } = await signIn(app.url, TEST_ADMIN.email, TEST_ADMIN.password)
  const tampered = result.sessionToken.slice(0, -4) + 'AAAA'
  const withTampered = await gql(app.url, WHO_AM_I, {}, { authorization: `Bearer ${tampered}` })
  expect(withTampered.body.data.authenticatedItem).toBeNull()
  const anonymous = await gql(app.url, WHO_AM_I)
  expect(anonymous.body.data.authenticatedItem).toBeNull()
})

test('emails are stored trimmed and lowercased, so the normalized address signs in', async () => {
  await createUser(app.context, { email: '  Mixed.Case@Test.Example ', password: 'password-123' })
  const { result } = await signIn(app.url, 'mixed.case@test.example', 'password-123')
  expect(result.sessionToken).toEqual(expect.any(String))
})

test('the Admin UI admits staff and admins only', async () => {
  const isAccessAllowed = app.config.ui.isAccessAllowed
  const resident = await createUser(app.context, { type: 'resident' })
  const staff = await createUser(app.context, { type: 'staff' })
  const withUser = async (user?: { id: string }) => {
    const session = user && { listKey: 'User', itemId: user.id, data: await app.context.sudo().query.User.findOne({ where: { id: user.id }, query: 'id name type isAdmin' }) }
    return isAccessAllowed(app.context.withSession(session))
  }
  expect(await withUser(undefined)).toBe(false)
  expect(await withUser(resident)).toBe(false)
  expect(await withUser(staff)).toBe(true)
})

test('a password is never readable through the API', async () => {
  const { result } = await signIn(app.url, TEST_ADMIN.email, TEST_ADMIN.password)
  const res = await gql(app.url, `{ users { password { isSet } } }`, {}, { authorization: `Bearer ${result.sessionToken}` })
  expect(res.body.data.users.every((u: any) => u.password.isSet === true)).toBe(true)
  const raw = await gql(app.url, `{ users { password } }`, {}, { authorization: `Bearer ${result.sessionToken}` })
  expect(raw.body.errors?.[0].message).toMatch(/must have a selection of subfields/)
})

test('seeding again does nothing when an admin exists; without ADMIN_PASSWORD it prints a generated one once', async () => {
  const lines: string[] = []
  await seedAdmin(app.context, { email: 'other@test.example', log: line => lines.push(line) })
  expect(lines).toEqual([])
  await app.context.sudo().db.User.updateMany({
    data: (await app.context.sudo().db.User.findMany({ where: { isAdmin: { equals: true } } })).map(u => ({ where: { id: u.id }, data: { isAdmin: false } })),
  })
  await seedAdmin(app.context, { email: 'fresh@test.example', log: line => lines.push(line) })
  expect(lines).toHaveLength(1)
  const password = lines[0].match(/fresh@test\.example \/ (\S+)/)![1]
  expect((await signIn(app.url, 'fresh@test.example', password)).result.sessionToken).toEqual(expect.any(String))
})
