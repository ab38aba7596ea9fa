// Staff and admin passwords: at least 10 characters and not one of the most common passwords, on create
// and on change; a refused password changes nothing (the old one still signs in).
import { startTestApp, type TestApp } from '../../harness/app'
import { as, createUser } from '../../harness/factories'
import { signIn } from '../../harness/http'

let app: TestApp
let admin: any
beforeAll(async () => {
  app = await startTestApp({ http: true })
  admin = await createUser(app.context, { isAdmin: true })
})
afterAll(() => app.close())

const CREATE = 'mutation($data: UserCreateInput!) { createUser(data: $data) { id } }'
const UPDATE = 'mutation($id: ID!, $password: String!) { updateUser(where: { id: $id }, data: { password: $password }) { id } }'

async function raw(query: string, variables: Record<string, unknown>, context = as(app.context, admin)) {
  const result = await context.graphql.raw({ query, variables })
  return { data: result.data as any, errors: result.errors as any[] | undefined }
}

test.each([
  ['9 characters', 'short-pw1'],
  ['a common password', 'qwertyuiop'],
])('a new user with %s is refused and not created', async (_what, password) => {
  const email = `weak-${password}@test.example`
  const { errors } = await raw(CREATE, { data: { name: 'Weak', email, password, type: 'staff' } })
  expect(errors?.[0]?.extensions?.code).toBe('KS_VALIDATION_FAILURE')
  expect(await app.context.sudo().prisma.user.count({ where: { email } })).toBe(0)
})

test('a weak new password is refused and the old one still signs in', async () => {
  const user = await createUser(app.context, { email: `keeps-${process.pid}@test.example`, password: 'first-password-1' })
  const { errors } = await raw(UPDATE, { id: user.id, password: '1234567890' })
  expect(errors?.[0]?.extensions?.code).toBe('KS_VALIDATION_FAILURE')
  expect((await signIn(app.url, user.email, 'first-password-1')).result.sessionToken).toEqual(expect.any(String))
  expect((await raw(UPDATE, { id: user.id, password: 'a long enough passphrase' })).errors).toBeUndefined()
})
