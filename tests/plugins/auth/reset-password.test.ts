// `npm run admin:reset-password -- <email>`: the printed password signs in and the old one no longer
// does; an unknown email names the admins; production refuses without --force and touches nothing.
import { main } from '../../../bin/reset-password'
import { resetPassword } from '../../../plugins/auth/reset-password'
import { startTestApp, TEST_ADMIN, type TestApp } from '../../harness/app'
import { createUser } from '../../harness/factories'
import { gql, signIn } from '../../harness/http'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ http: true })
})
afterAll(() => app.close())

const signsIn = async (email: string, password: string) => typeof (await signIn(app.url, email, password)).result?.sessionToken === 'string'

async function run(args: string[], env: NodeJS.ProcessEnv = app.env) {
  const lines: string[] = []
  const code = await main(args, env, line => lines.push(line))
  return { code, lines }
}

test('prints a new password for the admin: it signs in, the old one does not, and sessions signed in before end', async () => {
  const before = (await signIn(app.url, TEST_ADMIN.email, TEST_ADMIN.password)).result.sessionToken
  const { code, lines } = await run([TEST_ADMIN.email.toUpperCase()])
  expect(code).toBe(0)
  const password = lines[0].match(new RegExp(`^New password for ${TEST_ADMIN.email} \\(admin\\): (\\S{16})$`))?.[1]
  expect(password).toBeDefined()
  expect(await signsIn(TEST_ADMIN.email, password!)).toBe(true)
  expect(await signsIn(TEST_ADMIN.email, TEST_ADMIN.password)).toBe(false)
  const me = await gql(app.url, '{ authenticatedItem { ... on User { id } } }', {}, { authorization: `Bearer ${before}` })
  expect(me.body.data.authenticatedItem).toBeNull()
})

test('works for any user with that email, and each reset gives a different password', async () => {
  const staff = await createUser(app.context, { email: 'staff-reset@test.example', password: 'old-password-1' })
  const first = await resetPassword(app.context, staff.email)
  const second = await resetPassword(app.context, staff.email)
  expect(first).toMatchObject({ email: 'staff-reset@test.example', isAdmin: false })
  expect(second.password).not.toBe(first.password)
  expect(await signsIn(staff.email, first.password)).toBe(false)
  expect(await signsIn(staff.email, second.password)).toBe(true)
})

test('an unknown email is refused, naming the admins; a malformed one too', async () => {
  await expect(run(['nobody@test.example'])).rejects.toThrow(`No user has the email nobody@test.example (admins: ${TEST_ADMIN.email})`)
  await expect(run(['not-an-email'])).rejects.toThrow('"not-an-email" is not an email address')
  await expect(run([])).rejects.toThrow('usage: npm run admin:reset-password -- <email> [--force]')
})

test('NODE_ENV=production refuses without --force and changes nothing; with --force it resets', async () => {
  const user = await createUser(app.context, { email: 'prod-reset@test.example', password: 'kept-password-1' })
  const production = { ...app.env, NODE_ENV: 'production' }
  await expect(run([user.email], production)).rejects.toThrow('NODE_ENV=production: this resets a password in the production database. If that is what you mean, add --force')
  expect(await signsIn(user.email, 'kept-password-1')).toBe(true)
  const { lines } = await run([user.email, '--force'], production)
  const password = lines[0].split(': ')[1]
  expect(await signsIn(user.email, password)).toBe(true)
  expect(await signsIn(user.email, 'kept-password-1')).toBe(false)
})
