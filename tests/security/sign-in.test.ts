// Password sign-in as an attacker tries it: guessing one account from many addresses, many accounts from
// one address, many guesses in one request, and telling known emails from unknown ones by the answer.
// Limits count in Redis when REDIS_URL is set (under the test app's prefix), in memory otherwise.
import { startTestApp, type TestApp } from '../harness/app'
import { createUser } from '../harness/factories'
import { gqlFrom } from '../harness/http'
import { DEFAULT_API_LIMITS } from '../../plugins/api-limits'

const PER_ACCOUNT = 3
const PER_IP = 6

let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ http: true, env: { SIGN_IN_PER_ACCOUNT_PER_HOUR: String(PER_ACCOUNT), SIGN_IN_PER_IP_PER_HOUR: String(PER_IP) } })
})
afterAll(() => app.close())

const SIGN_IN = `mutation($email: String!, $password: String!) {
  authenticateUserWithPassword(email: $email, password: $password) {
    ... on UserAuthenticationWithPasswordSuccess { sessionToken }
    ... on UserAuthenticationWithPasswordFailure { message }
  }
}`

// every test plays from loopback addresses of its own, so the per-address counts never mix
let lastAddress = 10
const newClient = () => gqlFrom(`127.0.0.${++lastAddress}`)

let n = 0
async function account(data: { type?: 'staff' | 'resident'; password?: string | null } = {}) {
  const email = `signin${++n}-${process.pid}@test.example`
  const user = await createUser(app.context, { email, type: data.type ?? 'staff', ...(data.password === null ? { password: undefined } : { password: data.password ?? 'right-password-1' }) })
  return { email, user }
}

async function signIn(client: ReturnType<typeof gqlFrom>, email: string, password: string) {
  const res = await client(app.url, SIGN_IN, { email, password })
  return { body: res.body, setCookie: res.headers.get('set-cookie'), code: res.body.errors?.[0]?.extensions?.code, extensions: res.body.errors?.[0]?.extensions as any }
}

test(`an account takes ${PER_ACCOUNT} failed attempts an hour from all addresses together; then even the right password is refused`, async () => {
  const { email } = await account()
  const clients = [newClient(), newClient(), newClient(), newClient()]
  for (let i = 0; i < PER_ACCOUNT; i++) {
    expect((await signIn(clients[i], email, `wrong-${i}`)).body.data.authenticateUserWithPassword).toEqual({ message: 'Authentication failed.' })
  }
  const limited = await signIn(clients[3], email.toUpperCase(), 'right-password-1') // the same account in another case
  expect(limited.code).toBe('TOO_MANY_REQUESTS')
  expect(limited.extensions.retryAfter).toBeGreaterThan(3500)
  expect(limited.extensions.retryAfter).toBeLessThanOrEqual(3600)
  expect(limited.body.data).toEqual({ authenticateUserWithPassword: null })
  expect(limited.setCookie).toBeNull()
})

test('an unknown email gets the same answers as a known one: failure, then TOO_MANY_REQUESTS', async () => {
  const client = newClient()
  const known = await account()
  const unknown = `nobody-${process.pid}@test.example`
  const answers = { known: [] as unknown[], unknown: [] as unknown[] }
  for (let i = 0; i <= PER_ACCOUNT; i++) {
    const a = await signIn(client, known.email, `wrong-${i}`)
    const b = await signIn(client, unknown, `wrong-${i}`)
    answers.known.push([a.body.data, a.code, a.setCookie])
    answers.unknown.push([b.body.data, b.code, b.setCookie])
  }
  expect(answers.unknown).toEqual(answers.known)
  expect(answers.known.at(-1)).toEqual([{ authenticateUserWithPassword: null }, 'TOO_MANY_REQUESTS', null])
})

test('a user without a password (a resident) and a wrong password answer alike', async () => {
  const client = newClient()
  const resident = await account({ type: 'resident', password: null })
  const staff = await account()
  const a = await signIn(client, resident.email, 'anything-at-all')
  const b = await signIn(client, staff.email, 'anything-at-all')
  expect(a.body).toEqual(b.body)
  expect(a.body).toEqual({ data: { authenticateUserWithPassword: { message: 'Authentication failed.' } } })
})

test('successful sign-ins do not count against the account or the address', async () => {
  const client = newClient()
  const { email } = await account()
  await signIn(client, email, 'wrong-1')
  for (let i = 0; i < PER_IP + 2; i++) expect((await signIn(client, email, 'right-password-1')).body.data.authenticateUserWithPassword.sessionToken).toEqual(expect.any(String))
  await signIn(client, email, 'wrong-2')
  await signIn(client, email, 'wrong-3')
  expect((await signIn(client, email, 'right-password-1')).code).toBe('TOO_MANY_REQUESTS')
})

test(`an address takes ${PER_IP} failed attempts an hour over all accounts; other addresses are not affected`, async () => {
  const attacker = newClient()
  const accounts = await Promise.all(Array.from({ length: PER_IP + 1 }, () => account()))
  for (let i = 0; i < PER_IP; i++) {
    expect((await signIn(attacker, accounts[i].email, 'wrong')).body.data.authenticateUserWithPassword).toEqual({ message: 'Authentication failed.' })
  }
  const refused = await signIn(attacker, accounts[PER_IP].email, 'right-password-1')
  expect(refused.code).toBe('TOO_MANY_REQUESTS')
  expect(refused.extensions.retryAfter).toBeGreaterThan(0)
  // the refusal by address did not spend the account's attempts: its owner signs in from elsewhere
  const owner = newClient()
  expect((await signIn(owner, accounts[PER_IP].email, 'right-password-1')).body.data.authenticateUserWithPassword.sessionToken).toEqual(expect.any(String))
  for (let i = 0; i < PER_ACCOUNT - 1; i++) await signIn(owner, accounts[PER_IP].email, 'wrong')
  expect((await signIn(owner, accounts[PER_IP].email, 'right-password-1')).body.data.authenticateUserWithPassword.sessionToken).toEqual(expect.any(String))
})

const aliasedSignIns = (count: number, email: string) =>
  `mutation { ${Array.from({ length: count }, (_, i) =>
    `a${i}: authenticateUserWithPassword(email: "${email}", password: "${i === 0 ? 'wrong' : 'right-password-1'}") {
      ... on UserAuthenticationWithPasswordSuccess { sessionToken }
      ... on UserAuthenticationWithPasswordFailure { message }
    }`
  ).join('\n')} }`

test('200 aliased sign-ins in one request are refused before any is checked (query limits)', async () => {
  const client = newClient()
  const { email } = await account()
  const res = await client(app.url, aliasedSignIns(200, email))
  expect(res.status).toBe(400)
  expect(['QUERY_TOO_LONG', 'TOO_MANY_ROOT_FIELDS']).toContain(res.body.errors?.[0]?.extensions?.code)
  expect(res.body.data).toBeUndefined()
  // no attempt was spent: the whole budget is left
  for (let i = 0; i < PER_ACCOUNT - 1; i++) expect((await signIn(client, email, 'wrong')).code).toBeUndefined()
  expect((await signIn(client, email, 'right-password-1')).body.data.authenticateUserWithPassword.sessionToken).toEqual(expect.any(String))
})

test(`${DEFAULT_API_LIMITS.maxMutationFields} aliased sign-ins (as many mutations as a request may hold) check one password; the others are refused unchecked`, async () => {
  const client = newClient()
  const { email } = await account()
  const count = DEFAULT_API_LIMITS.maxMutationFields
  // the first alias guesses wrong; every other one carries the right password and still signs nobody in
  const res = await client(app.url, aliasedSignIns(count, email))
  expect(res.headers.get('set-cookie')).toBeNull()
  const results = Object.values(res.body.data ?? {})
  expect(results.filter(r => r !== null)).toEqual([{ message: 'Authentication failed.' }])
  expect(res.body.errors).toHaveLength(count - 1)
  expect(new Set(res.body.errors!.map(e => e.extensions?.code))).toEqual(new Set(['ONE_SIGN_IN_PER_REQUEST']))

  // one attempt was spent on the account, not ${count}: the rest of its budget is left
  for (let i = 1; i < PER_ACCOUNT; i++) expect((await signIn(client, email, 'wrong')).code).toBeUndefined()
  expect((await signIn(client, email, 'right-password-1')).code).toBe('TOO_MANY_REQUESTS')
})

test('aliases of the sign-in through fragments count the same', async () => {
  const client = newClient()
  const { email } = await account()
  const res = await client(
    app.url,
    `mutation($e: String!) { ...A ...B }
     fragment A on Mutation { x: authenticateUserWithPassword(email: $e, password: "wrong") { __typename } }
     fragment B on Mutation { y: authenticateUserWithPassword(email: $e, password: "right-password-1") { __typename } }`,
    { e: email }
  )
  expect(res.body.data?.y ?? null).toBeNull()
  expect(res.body.errors?.map(e => e.extensions?.code)).toEqual(['ONE_SIGN_IN_PER_REQUEST'])
})
