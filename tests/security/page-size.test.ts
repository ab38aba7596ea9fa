// maxTake is one rule for every list (Keystone's listDefaults, from GRAPHQL_MAX_TAKE): a list field and
// a relationship field without `take` return at most that many rows, and asking for more is refused.
import { startTestApp, type TestApp } from '../harness/app'
import { clientFor, codeOf, type Client } from '../harness/contacts'
import { createOrganization, createProperty, createUser } from '../harness/factories'

let app: TestApp
let admin: Client
let organizationId: string

beforeAll(async () => {
  app = await startTestApp({ http: true, env: { GRAPHQL_MAX_TAKE: '3' } })
  organizationId = (await createOrganization(app.context)).id
  for (let i = 0; i < 5; i++) await createProperty(app.context, organizationId)
  admin = await clientFor(app, await createUser(app.context, { isAdmin: true }))
})
afterAll(() => app.close())

test.each([
  ['a list without take', '{ properties { id } }', (data: any) => data.properties],
  ['a relationship without take', `{ organization(where: { id: "ORG" }) { properties { id } } }`, (data: any) => data.organization.properties],
])('%s returns at most maxTake rows', async (_name, query, rows) => {
  const { status, body } = await admin(query.replace('ORG', organizationId))
  expect(status).toBe(200)
  expect(body.errors).toBeUndefined()
  expect(rows(body.data)).toHaveLength(3)
})

test.each([
  ['a list', '{ properties(take: 4) { id } }'],
  ['a relationship', `{ organization(where: { id: "ORG" }) { properties(take: 4) { id } } }`],
])('take above maxTake on %s is refused', async (_name, query) => {
  const { status, body } = await admin(query.replace('ORG', organizationId))
  expect(status).toBe(400)
  expect(codeOf(body)).toBe('WRONG_PAGE')
  expect(body.errors![0].message).toBe(query.includes('organization(') ? 'Organization.properties: take is at most 3' : 'Query.properties: take is at most 3')
})

test('pages within maxTake walk the whole list', async () => {
  const pages = await Promise.all([0, 3].map(skip => admin(`{ properties(take: 3, skip: ${skip}, orderBy: { name: asc }) { id } }`)))
  expect(pages.flatMap(page => page.body.data.properties)).toHaveLength(5)
})

test('the Admin UI is told the page size', async () => {
  const { body } = await admin('{ keystone { adminMeta { list(key: "Property") { pageSize } } } }')
  expect(body.data.keystone.adminMeta.list.pageSize).toBe(3)
})
