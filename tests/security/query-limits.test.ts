// Query limits over real HTTP: each limit refuses with its own code before the operation runs (the only
// database queries are the ones every signed-in request makes to read its session), and what the Admin
// UI and the apps send stays within them.
import { startTestApp, type TestApp } from '../harness/app'
import { clientFor, codeOf, type Client } from '../harness/contacts'
import { createOrganization, createProperty, createStaff, createUser } from '../harness/factories'
import { queryCounter } from '../harness/query-counter'
import { adminMetaQuery, dashboardQuery, itemPageQuery, listPageQuery, selectableColumns, type AdminList } from '../harness/admin-ui-queries'
import { DEFAULT_API_LIMITS } from '../../plugins/api-limits'

const counter = queryCounter()
let app: TestApp
let staff: Client
let admin: Client
let anonymous: Client
let sessionQueries: string[]
let organizationId: string

/** `levels` of organization -> employees -> user -> employments -> organization ... */
function employmentChain(levels: number): string {
  const steps = ['employees', 'user', 'employments', 'organization']
  let inner = 'id'
  for (let i = levels - 1; i >= 0; i--) inner = `${steps[i % steps.length]} { ${inner} }`
  return `{ organizations { ${inner} } }`
}

const aliased = (count: number, field: string) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`

beforeAll(async () => {
  app = await startTestApp({ http: true, plugins: [counter.plugin] })
  const organization = await createOrganization(app.context)
  organizationId = organization.id
  await createProperty(app.context, organizationId)
  staff = await clientFor(app, await createStaff(app.context, organizationId, []))
  admin = await clientFor(app, await createUser(app.context, { isAdmin: true }))
  anonymous = await clientFor(app)
  // what any signed-in request costs before its operation: reading the session (a syntax error runs nothing)
  sessionQueries = (await counter.during(() => staff('{'))).queries
})
afterAll(() => app.close())

type Row = { name: string; query: string | (() => string); variables?: Record<string, unknown>; code: string }

const REFUSED: Row[] = [
  { name: 'the deep employment chain that exhausted the heap (15 levels)', query: employmentChain(15), code: 'QUERY_TOO_DEEP' },
  { name: 'the employment chain within the depth limit (5 levels, three nested lists)', query: employmentChain(5), code: 'QUERY_TOO_COMPLEX' },
  {
    name: 'organization -> properties -> organization -> properties ... (three nested lists)',
    query: '{ organizations { properties { organization { properties { organization { properties { id } } } } } } }',
    code: 'QUERY_TOO_COMPLEX',
  },
  { name: 'contacts(take: 1000000)', query: '{ contacts(take: 1000000) { id name } }', code: 'WRONG_PAGE' },
  // the request that held the server for 49 s: its text alone is over the token limit
  { name: '500 aliased contacts(take: 1000)', query: aliased(500, 'contacts(take: 1000) { id name phone }'), code: 'QUERY_TOO_LONG' },
  { name: 'one alias more than allowed', query: aliased(DEFAULT_API_LIMITS.maxAliases + 1, 'contacts(take: 1000) { id }'), code: 'TOO_MANY_ALIASES' },
  { name: 'aliased nested lists, within the alias limit', query: aliased(DEFAULT_API_LIMITS.maxAliases, 'organizations { properties { id name } }'), code: 'QUERY_TOO_COMPLEX' },
  { name: 'take: -5 ("the last 5")', query: '{ contacts(take: -5) { id } }', code: 'WRONG_PAGE' },
  { name: 'negative skip', query: '{ contacts(take: 5, skip: -1) { id } }', code: 'WRONG_PAGE' },
  { name: 'negative take through a variable', query: 'query ($take: Int!) { contacts(take: $take) { id } }', variables: { take: -5 }, code: 'WRONG_PAGE' },
  { name: 'negative take on a relationship', query: '{ organizations(take: 1) { properties(take: -1) { id } } }', code: 'WRONG_PAGE' },
  { name: 'take above maxTake on a relationship', query: '{ organizations(take: 1) { properties(take: 101) { id } } }', code: 'WRONG_PAGE' },
  { name: 'a NUL in a filter (PostgreSQL cannot compare it)', query: 'query ($n: String!) { contacts(where: { name: { equals: $n } }) { id } }', variables: { n: 'a\u0000b' }, code: 'INVALID_CHARACTERS' },
  {
    name: 'more root fields than allowed (fewer aliases than allowed)',
    query: () => `{ ${rootCountFields().join(' ')} ${Array.from({ length: DEFAULT_API_LIMITS.maxRootFields + 1 - rootCountFields().length }, (_, i) => `c${i}: contactsCount`).join(' ')} }`,
    code: 'TOO_MANY_ROOT_FIELDS',
  },
  {
    name: 'aliased sign-ins multiplied in one request',
    query: `mutation { ${Array.from({ length: DEFAULT_API_LIMITS.maxMutationFields + 1 }, (_, i) => `s${i}: authenticateUserWithPassword(email: "x@test.example", password: "guess-${i}") { __typename }`).join(' ')} }`,
    code: 'TOO_MANY_ROOT_FIELDS',
  },
  { name: 'too many directives', query: aliased(DEFAULT_API_LIMITS.maxDirectives + 1, 'contactsCount @include(if: true)'), code: 'TOO_MANY_DIRECTIVES' },
  { name: 'too many tokens', query: `{ ${'__typename '.repeat(DEFAULT_API_LIMITS.maxTokens)} }`, code: 'QUERY_TOO_LONG' },
]

let countFields: string[] | undefined
/** Distinct root fields without aliases: every list's count. */
function rootCountFields(): string[] {
  if (!countFields) throw new Error('read the schema first')
  return countFields
}

beforeAll(async () => {
  const { body } = await admin('{ __schema { queryType { fields { name args { type { kind } defaultValue } } } } }')
  type Field = { name: string; args: { type: { kind: string }; defaultValue: string | null }[] }
  // counts that need no argument (a plugin's count with a required argument would fail validation instead)
  countFields = body.data.__schema.queryType.fields
    .filter((f: Field) => f.name.endsWith('Count') && f.args.every(arg => arg.type.kind !== 'NON_NULL' || arg.defaultValue !== null))
    .map((f: Field) => f.name)
  expect(countFields!.length).toBeGreaterThan(10)
  expect(countFields!.length).toBeLessThan(DEFAULT_API_LIMITS.maxRootFields)
})

describe.each(REFUSED)('$name', ({ query, variables, code }) => {
  test(`is refused with ${code} before anything runs`, async () => {
    const text = typeof query === 'function' ? query() : query
    const { result, queries } = await counter.during(() => staff(text, variables))
    expect(result.status).toBe(400)
    expect(codeOf(result.body)).toBe(code)
    expect(result.body.errors![0].message).toMatch(/\w/)
    expect(result.body.data).toBeUndefined()
    expect(queries).toEqual(sessionQueries)
  })
})

test('a query that passed is refused when asked again with variables over the limit (passes are remembered per variables)', async () => {
  const query = 'query ($take: Int!) { contacts(take: $take) { id } }'
  for (const [take, code] of [[5, undefined], [5, undefined], [-5, 'WRONG_PAGE'], [-5, 'WRONG_PAGE'], [DEFAULT_API_LIMITS.maxTake + 1, 'WRONG_PAGE'], [5, undefined]] as const) {
    const { status, body } = await staff(query, { take })
    expect([take, codeOf(body)]).toEqual([take, code])
    expect(status).toBe(code ? 400 : 200)
  }
})

test('an anonymous request over a limit runs no database query at all', async () => {
  const { result, queries } = await counter.during(() => anonymous(employmentChain(15)))
  expect(codeOf(result.body)).toBe('QUERY_TOO_DEEP')
  expect(queries).toEqual([])
})

test('a list nested in a list still runs (each at its full page size)', async () => {
  const { status, body } = await staff('{ organizations { name properties { name organization { name } } } }')
  expect(status).toBe(200)
  expect(body.errors).toBeUndefined()
  expect(body.data.organizations).toEqual([{ name: expect.any(String), properties: [{ name: expect.any(String), organization: { name: expect.any(String) } }] }])
})

describe('the Admin UI', () => {
  let lists: AdminList[]
  beforeAll(async () => {
    const { status, body } = await admin(adminMetaQuery())
    expect(status).toBe(200)
    expect(body.errors).toBeUndefined()
    lists = body.data.keystone.adminMeta.lists
    expect(lists.length).toBeGreaterThan(10)
  })

  test('its dashboard counts every list in one query', async () => {
    const { status, body } = await admin(dashboardQuery(lists))
    expect(status).toBe(200)
    expect(body.errors).toBeUndefined()
    expect(Object.keys(body.data)).toHaveLength(lists.length)
  })

  test('every list page passes at the largest page size, with its initial columns and with every column', async () => {
    for (const list of lists) {
      const variables = { where: {}, take: 100, skip: 0, orderBy: [] }
      for (const columns of [list.initialColumns, selectableColumns(list)]) {
        const { status, body } = await admin(listPageQuery(list, lists, columns), variables)
        expect({ list: list.key, columns, status, errors: body.errors }).toEqual({ list: list.key, columns, status: 200, errors: undefined })
      }
      expect(list.pageSize).toBeLessThanOrEqual(DEFAULT_API_LIMITS.maxTake)
    }
  })

  test('an item page with its relationships passes', async () => {
    const organization = lists.find(list => list.key === 'Organization')!
    const { status, body } = await admin(itemPageQuery(organization, lists), { listKey: 'Organization', id: organizationId })
    expect(status).toBe(200)
    expect(body.errors).toBeUndefined()
    expect(body.data.item).toMatchObject({ id: organizationId, propertiesCount: 1 })
  })
})
