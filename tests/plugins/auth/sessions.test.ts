// The session strategy's cost and bookkeeping: one query per signed-in request (none without a token),
// the UserSession list's access, the hourly sweep, and the lifetimes from the environment.
// (What a revoked token can no longer do, over HTTP, is in tests/security/sessions.test.ts.)
import { definePlugin } from '../../../plugins/kernel'
import { sessionLifetimesFromEnv } from '../../../plugins/auth'
import { sweepSessionsTask } from '../../../tasks/sweep-sessions'
import { startTestApp, TEST_ADMIN, type TestApp } from '../../harness/app'
import { as, createOrganization, createStaff, createUser } from '../../harness/factories'
import { providerOf } from '../../../adapters/database'
import { gql, signIn } from '../../harness/http'

/** Counts Prisma operations on the session's two models, and statements reading UserSession (the
 *  session check on PostgreSQL, plugins/auth/session-user.ts, through the client's pool), as the server runs them. */
const reads: string[] = []
const readsSession = (sql: unknown) => String(sql).includes('"UserSession"')
/** The pool the client carries (adapters/database/raw-pool.ts), its statements counted. */
const countingPool = (pool: any) =>
  pool && {
    query: (config: any, ...rest: unknown[]) => {
      if (readsSession(config?.text ?? config)) reads.push(SESSION_READ)
      return pool.query(config, ...rest)
    },
  }
const countReads = definePlugin({
  name: 'count-session-reads',
  extendPrismaClient: (client: any) =>
    client.$extends({
      ...(client.$pgPool ? { client: { $pgPool: countingPool(client.$pgPool) } } : {}),
      query: {
        $allOperations({ model, operation, args, query }: any) {
          if (model === 'User' || model === 'UserSession' || model === 'OrganizationEmployee') reads.push(`${model}.${operation}`)
          else if (!model && operation.startsWith('$queryRaw') && readsSession(args?.[0])) reads.push(SESSION_READ)
          return query(args)
        },
      },
    }),
})
/** The one read a signed-in request costs, whichever way the database is asked. */
const SESSION_READ = 'session read'
const sessionReads = () => reads.map(r => (r === 'User.findFirst' ? SESSION_READ : r))

let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ http: true, plugins: [countReads] })
})
afterAll(() => app.close())

const TYPENAME = `{ __typename }`

test('a request with a token costs one query to authenticate; without a token or with a forged one, none', async () => {
  const { result } = await signIn(app.url, TEST_ADMIN.email, TEST_ADMIN.password)
  const headers = { authorization: `Bearer ${result.sessionToken}` }
  await gql(app.url, TYPENAME, {}, headers) // warm-up: anything lazy happens now

  reads.length = 0
  expect((await gql(app.url, TYPENAME, {}, headers)).body.data).toEqual({ __typename: 'Query' })
  expect(sessionReads()).toEqual([SESSION_READ])

  reads.length = 0
  await gql(app.url, TYPENAME)
  await gql(app.url, TYPENAME, {}, { authorization: `Bearer ${result.sessionToken.slice(0, -6)}AAAAAA` })
  expect(reads).toEqual([])
})

test('the session is read once per request, however many fields ask for it', async () => {
  const { result } = await signIn(app.url, TEST_ADMIN.email, TEST_ADMIN.password)
  reads.length = 0
  const res = await gql(app.url, `{ a: __typename b: __typename c: keystone { adminMeta { lists { key } } } }`, {}, { authorization: `Bearer ${result.sessionToken}` })
  expect(res.body.errors).toBeUndefined()
  expect(sessionReads().filter(r => r === SESSION_READ)).toHaveLength(1)
})

describe("a staff session brings the user's employments", () => {
  const PASSWORD = 'password-123'
  const employmentReads = () => reads.filter(r => r.startsWith('OrganizationEmployee.'))

  test('on PostgreSQL the session read answers every permission check of the request; on SQLite one more query does', async () => {
    const org = (await createOrganization(app.context)).id
    const staff = await createStaff(app.context, org, ['readContacts'])
    const { result } = await signIn(app.url, staff.email!, PASSWORD)
    const headers = { authorization: `Bearer ${result.sessionToken}` }
    reads.length = 0
    const res = await gql(app.url, `{ contacts { id } properties { id } }`, {}, headers)
    expect(res.body.errors).toBeUndefined()
    expect(employmentReads()).toEqual(providerOf(app.context.prisma) === 'postgresql' ? [] : ['OrganizationEmployee.findMany'])
    // the answers are the employment's: readContacts here, manageContacts nowhere
    const denied = await gql(app.url, `mutation { createContact(data: { organization: { connect: { id: "${org}" } }, type: vendor, name: "X", phone: "+12025550111" }) { id } }`, {}, headers)
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('KS_ACCESS_DENIED')
  })

  test('a permission granted earlier in the same request is used by the checks after it', async () => {
    const org = (await createOrganization(app.context)).id
    const staff = await createStaff(app.context, org, ['manageEmployees'])
    const [employment] = await app.context.sudo().db.OrganizationEmployee.findMany({ where: { user: { id: { equals: staff.id } } } })
    const { result } = await signIn(app.url, staff.email!, PASSWORD)
    // mutations run in order: the second needs the permission the first grants
    const res = await gql(
      app.url,
      `mutation { grant: updateOrganizationEmployee(where: { id: "${employment.id}" }, data: { manageContacts: true }) { id }
                  create: createContact(data: { organization: { connect: { id: "${org}" } }, type: vendor, name: "Granted", phone: "+12025550112" }) { id } }`,
      {},
      { authorization: `Bearer ${result.sessionToken}` }
    )
    expect(res.body.errors).toBeUndefined()
    expect(res.body.data.create.id).toBeTruthy()
  })
})

describe('the UserSession list', () => {
  test('users read and end their own sessions; admins all; nobody creates or edits one through the API', async () => {
    const ann = await createUser(app.context, { email: `ann-${process.pid}@test.example`, password: 'password-123' })
    const bob = await createUser(app.context, { email: `bob-${process.pid}@test.example`, password: 'password-123' })
    await signIn(app.url, ann.email!, 'password-123')
    await signIn(app.url, ann.email!, 'password-123')
    await signIn(app.url, bob.email!, 'password-123')

    const annSees = await as(app.context, ann).query.UserSession.findMany({ query: 'id user { id }' })
    expect(annSees.map(s => s.user.id)).toEqual([ann.id, ann.id])
    const admin = (await app.context.sudo().db.User.findMany({ where: { email: { equals: TEST_ADMIN.email } } }))[0]
    const adminSees = await as(app.context, admin).query.UserSession.findMany({ where: { user: { id: { in: [ann.id, bob.id] } } }, query: 'id' })
    expect(adminSees).toHaveLength(3)

    // Ann ends one of her devices from another; Bob's session is not hers to end
    const bobSession = (await app.context.prisma.userSession.findMany({ where: { userId: bob.id } }))[0]
    await expect(as(app.context, ann).db.UserSession.deleteOne({ where: { id: bobSession.id } })).rejects.toThrow(/Access denied/)
    await as(app.context, ann).db.UserSession.deleteOne({ where: { id: annSees[0].id } })
    expect(await app.context.prisma.userSession.count({ where: { userId: ann.id } })).toBe(1)
    expect(await app.context.prisma.userSession.count({ where: { userId: bob.id } })).toBe(1)

    const annToken = (await signIn(app.url, ann.email!, 'password-123')).result.sessionToken
    const create = await gql(app.url, `mutation { createUserSession(data: {}) { id } }`, {}, { authorization: `Bearer ${annToken}` })
    expect(create.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED')
    // User.sessions is read-only, and unreadable but for admins
    const connect = await gql(app.url, `mutation($id: ID!, $s: ID!) { updateUser(where: { id: $id }, data: { sessions: { connect: { id: $s } } }) { id } }`, { id: ann.id, s: bobSession.id }, { authorization: `Bearer ${annToken}` })
    expect(connect.body.errors?.[0].extensions?.code).toBe('BACK_RELATION_READ_ONLY')
    expect(await app.context.prisma.userSession.count({ where: { userId: bob.id } })).toBe(1)
    const self = await as(app.context, ann).query.User.findOne({ where: { id: ann.id }, query: 'sessions { id }' })
    expect(self.sessions).toBeNull()
  })
})

test("the hourly sweep deletes expired sessions and deleted users' sessions only", async () => {
  const user = await createUser(app.context)
  const gone = await createUser(app.context)
  const now = Date.now()
  await app.context.prisma.userSession.createMany({
    data: [
      { userId: user.id, expiresAt: new Date(now - 60_000) },
      { userId: user.id, expiresAt: new Date(now + 60_000) },
      { userId: gone.id, expiresAt: new Date(now + 60_000) },
    ],
  })
  await app.context.sudo().db.User.deleteOne({ where: { id: gone.id } })
  expect(await app.context.prisma.userSession.count({ where: { userId: null } })).toBe(1)

  const result = await sweepSessionsTask.run({}, { context: app.context } as any)
  expect(result).toMatchObject({ deleted: expect.any(Number) })
  const left = await app.context.prisma.userSession.findMany({ where: { OR: [{ userId: user.id }, { userId: null }] } })
  expect(left.map((s: any) => s.expiresAt.getTime())).toEqual([now + 60_000])
})

test('lifetimes from the environment: days for staff and for residents, positive numbers only', () => {
  expect(sessionLifetimesFromEnv({})).toEqual({})
  expect(sessionLifetimesFromEnv({ SESSION_MAX_AGE_DAYS: '0.5', RESIDENT_SESSION_MAX_AGE_DAYS: ' 30 ' })).toEqual({ staffDays: 0.5, residentDays: 30 })
  for (const bad of ['0', '-1', 'week', '99999']) {
    expect(() => sessionLifetimesFromEnv({ SESSION_MAX_AGE_DAYS: bad })).toThrow(/SESSION_MAX_AGE_DAYS must be a number of days/)
  }
})
