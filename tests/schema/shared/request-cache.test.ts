// What a staff request costs in permission lookups: one query for all of them (every organization,
// every permission, every row and field of a page), and the answers follow an employment changed in
// the same request.
import { startTestApp, type TestApp } from '../../harness/app'
import { as, createOrganization, createProperty, createStaff } from '../../harness/factories'
import { createContact, usPhone } from '../../harness/contacts'
import { queryCounter } from '../../harness/query-counter'
import { holdsPermission, holdsPermissionEverywhere } from '../../../schema/shared/request-cache'

const counter = queryCounter()
let app: TestApp
let org: string
let other: string

beforeAll(async () => {
  app = await startTestApp({ plugins: [counter.plugin] })
  org = (await createOrganization(app.context)).id
  other = (await createOrganization(app.context)).id
  const property = (await createProperty(app.context, org)).id
  for (let i = 0; i < 12; i++) await createContact(app.context, { organization: org, property, phone: usPhone(), email: `p${i}@example.com` })
  for (let i = 0; i < 3; i++) await createContact(app.context, { organization: other, phone: usPhone() })
})
afterAll(() => app.close())

const PAGE = `{ contacts(orderBy: { name: asc }, where: { phone: { startsWith: "+1" } }) { name phone email role { label } property { name } } }`

test('a page of contacts with phones, a filter on phone and relationships asks for the employments once', async () => {
  const staff = await createStaff(app.context, org, ['readContacts'])
  const { result, queries } = await counter.during(() => as(app.context, staff).graphql.run({ query: PAGE }))
  const contacts = (result as any).contacts
  expect(contacts).toHaveLength(12)
  expect(contacts.every((c: any) => c.phone?.startsWith('+1') && c.email)).toBe(true)
  expect(queries.filter(q => q.startsWith('OrganizationEmployee.'))).toEqual(['OrganizationEmployee.findMany'])
})

test('employed in two organizations with readContacts in one: phones there only, and no filtering on phone', async () => {
  const staff = await createStaff(app.context, org, ['readContacts'])
  await app.context.sudo().db.OrganizationEmployee.createOne({ data: { user: { connect: { id: staff.id } }, organization: { connect: { id: other } } } })
  const context = as(app.context, staff)
  expect(await holdsPermission(context, org, 'readContacts')).toBe(true)
  expect(await holdsPermission(context, other, 'readContacts')).toBe(false)
  expect(await holdsPermissionEverywhere(context, 'readContacts')).toBe(false)
  const read = await as(app.context, staff).graphql.raw({ query: `{ contacts { organization { id } phone } }` })
  const rows = (read.data as any).contacts
  expect(rows.filter((c: any) => c.organization.id === org).every((c: any) => c.phone)).toBe(true)
  expect(rows.filter((c: any) => c.organization.id === other).map((c: any) => c.phone)).toEqual([null, null, null])
  const filtered = await as(app.context, staff).graphql.raw({ query: PAGE })
  expect(filtered.errors?.[0]?.extensions?.code).toBe('KS_ACCESS_DENIED')
})

test('a permission granted or revoked through Keystone during a request is seen by the checks after it', async () => {
  const staff = await createStaff(app.context, org, [])
  const context = as(app.context, staff)
  expect(await holdsPermission(context, org, 'manageContacts')).toBe(false)
  const employment = await app.context.sudo().db.OrganizationEmployee.findMany({ where: { user: { id: { equals: staff.id } } } })
  await app.context.sudo().db.OrganizationEmployee.updateOne({ where: { id: employment[0].id }, data: { manageContacts: true } })
  expect(await holdsPermission(context, org, 'manageContacts')).toBe(true)
  await app.context.sudo().db.OrganizationEmployee.deleteOne({ where: { id: employment[0].id } })
  expect(await holdsPermission(context, org, 'manageContacts')).toBe(false)
})

test('residents, anonymous callers and admins never load employments', async () => {
  const { queries } = await counter.during(async () => {
    expect(await holdsPermission(app.context, org, 'readContacts')).toBe(false)
    expect(await holdsPermission(as(app.context, { id: 'x', name: 'R', type: 'resident', isAdmin: false }), org, 'readContacts')).toBe(false)
    expect(await holdsPermission(as(app.context, { id: 'a', name: 'A', type: 'staff', isAdmin: true }), org, 'readContacts')).toBe(true)
  })
  expect(queries).toEqual([])
})

test('lists filtered by organizationFilter (properties, residents) see the employing organizations by id, from the same one query', async () => {
  const staff = await createStaff(app.context, org, [])
  await app.context.sudo().db.OrganizationEmployee.createOne({ data: { user: { connect: { id: staff.id } }, organization: { connect: { id: other } }, readContacts: true } })
  const third = (await createOrganization(app.context)).id
  await createProperty(app.context, other)
  await createProperty(app.context, third)
  const { result, queries } = await counter.during(() =>
    as(app.context, staff).graphql.run({ query: `{ properties { organization { id } } residents { id } employees: organizationEmployees { organization { id } } }` })
  )
  const seen = (rows: any[]) => [...new Set(rows.map(r => r.organization.id))].sort()
  expect(seen((result as any).properties)).toEqual([org, other].sort())
  expect(seen((result as any).employees)).toEqual([org, other].sort())
  // residents need readContacts: held in `other` only (none registered there: an empty list, not an error)
  expect((result as any).residents).toEqual([])
  expect(queries.filter(q => q.startsWith('OrganizationEmployee.'))).toEqual(['OrganizationEmployee.findMany', 'OrganizationEmployee.findMany'])
})
