// createContacts of many contacts in one request: every rule still applies per contact (normalization,
// duplicates, the tenant boundary, audit), and the statements are per request, not per contact: one
// duplicate lookup, one organization country, one permission load, one existence check per connected
// list (Keystone's per-item findFirst, batched by adapters/database/batch-in-turn.ts), one multi-row
// insert of the contacts and one of their audit rows.
import { startTestApp, type TestApp } from '../../harness/app'
import { as, createOrganization, createProperty, createStaff } from '../../harness/factories'
import { queryCounter } from '../../harness/query-counter'

const counter = queryCounter()
let app: TestApp
let org: string
let property: string
let roles: string[]

beforeAll(async () => {
  app = await startTestApp({ plugins: [counter.plugin] })
  org = (await createOrganization(app.context, { country: 'US' })).id
  property = (await createProperty(app.context, org)).id
  roles = (await app.context.prisma.contactRole.findMany({ select: { id: true } })).map((r: { id: string }) => r.id)
})
afterAll(() => app.close())

const CREATE = `mutation($data: [ContactCreateInput!]!) { createContacts(data: $data) { id name phone email } }`
const contact = (i: number, name = `  Bulk ${i} `) => ({
  organization: { connect: { id: org } },
  name,
  phone: `(415) 555-${String(1000 + i)}`,
  email: ` Bulk${i}@Example.COM `,
  property: { connect: { id: property } },
  unitName: String(i),
})

test('60 contacts in one request: normalized, audited, and the per-contact lookups of our rules batched', async () => {
  const staff = await createStaff(app.context, org, ['manageContacts', 'readContacts', 'manageContactIdentity'])
  const data = Array.from({ length: 60 }, (_, i) => ({ ...contact(i), role: { connect: { id: roles[i % roles.length] } } }))
  const { result, queries } = await counter.during(() => as(app.context, staff).graphql.raw({ query: CREATE, variables: { data } }))
  expect(result.errors).toBeUndefined()
  const created = (result.data as any).createContacts
  expect(created).toHaveLength(60)
  expect(created[7]).toMatchObject({ name: 'Bulk 7', phone: '+14155551007', email: 'bulk7@example.com' })
  const count = (q: string) => queries.filter(x => x === q).length
  expect(count('Contact.findMany')).toBe(1) // the duplicate keys, by IN
  expect(count('Organization.findUnique')).toBe(1) // the country for phone numbers
  expect(count('OrganizationEmployee.findMany')).toBe(1) // every permission check
  // Keystone checks each connected row per contact (findFirst, with the staff member's read filter); the
  // tenant rule asks the same with sudo: one findMany per list and filter answers a whole turn of them
  expect(count('Organization.findFirst')).toBe(60)
  expect(count('Organization.findMany')).toBe(1)
  expect(count('Property.findMany')).toBe(1)
  expect(count('ContactRole.findMany')).toBe(2) // Keystone's (the staff filter) and the tenant rule's (sudo)
  // the contacts: one multi-row insert (each create is still Keystone's own, with every hook)
  expect(count('Contact.createManyAndReturn')).toBe(1)
  // the 180 audit rows in one statement: raw SQL on PostgreSQL (not seen here), createMany on SQLite
  const audit = queries.filter(q => q.startsWith('FieldChange.'))
  expect(audit).toEqual(process.env.DATABASE_URL?.startsWith('postgres') ? [] : ['FieldChange.createMany'])
  const changes = await app.context.prisma.fieldChange.findMany({ where: { itemId: { in: created.map((c: any) => c.id) } } })
  expect(changes).toHaveLength(180)
  expect(changes.find((c: any) => c.itemId === created[7].id && c.field === 'phone')).toMatchObject({
    listKey: 'Contact',
    oldValue: null,
    newValue: '+14155551007',
    actorId: staff.id,
    organizationId: org,
  })
})

test('duplicates in a bulk create: of an existing contact and within the request, each refused alone', async () => {
  const staff = await createStaff(app.context, org, ['manageContacts', 'readContacts', 'manageContactIdentity'])
  const existing = await as(app.context, staff).graphql.run({ query: CREATE, variables: { data: [contact(500, 'Twin A')] } })
  const data = [contact(500, 'twin a'), contact(501, 'Twin B'), contact(501, 'Twin B'), contact(502, 'Single')]
  const result = await as(app.context, staff).graphql.raw({ query: CREATE, variables: { data } })
  const rows = (result.data as any).createContacts
  expect(rows[0]).toBeNull()
  expect(rows[3]).toMatchObject({ name: 'Single' })
  expect(rows.filter((r: any) => r?.name === 'Twin B')).toHaveLength(1)
  const errors = (result.errors ?? []).map(e => [e.path?.[1], e.extensions?.code])
  expect(errors).toContainEqual([0, 'CONTACT_DUPLICATE_ERROR'])
  expect(errors.filter(([, code]) => code === 'CONTACT_DUPLICATE_ERROR')).toHaveLength(2)
  expect(result.errors!.find(e => e.path?.[1] === 0)!.extensions!.existingContactId).toBe((existing as any).createContacts[0].id)
  // no audit rows for what was refused
  const audited = await app.context.prisma.fieldChange.findMany({ where: { field: 'name', newValue: { in: ['twin a', 'Twin B'] } } })
  expect(audited).toHaveLength(1)
})

test('a contact pointing at another organization\'s property or role is refused with its code; nothing of it is written, the rest is', async () => {
  const staff = await createStaff(app.context, org, ['manageContacts', 'readContacts', 'manageContactIdentity'])
  const other = (await createOrganization(app.context, { country: 'US' })).id
  const theirProperty = (await createProperty(app.context, other)).id
  const theirRole = (await app.context.sudo().db.ContactRole.createOne({ data: { name: 'Their role', organization: { connect: { id: other } } } })).id
  const data = [
    contact(700, 'Ours A'),
    { ...contact(701, 'Crossing property'), property: { connect: { id: theirProperty } } },
    { ...contact(702, 'Crossing role'), role: { connect: { id: theirRole } } },
    contact(703, 'Ours B'),
  ]
  const result = await as(app.context, staff).graphql.raw({ query: CREATE, variables: { data } })
  const rows = (result.data as any).createContacts
  expect(rows.map((r: any) => r?.name ?? null)).toEqual(['Ours A', null, null, 'Ours B'])
  const errors = (result.errors ?? []).map(e => [e.path?.[1], e.extensions?.code])
  expect(errors).toEqual(expect.arrayContaining([[1, 'CROSS_ORGANIZATION_REFERENCE'], [2, 'CROSS_ORGANIZATION_REFERENCE']]))
  expect(errors).toHaveLength(2)
  expect(await app.context.prisma.contact.count({ where: { name: { in: ['Crossing property', 'Crossing role'] } } })).toBe(0)
  expect(await app.context.prisma.fieldChange.count({ where: { field: 'name', newValue: { in: ['Crossing property', 'Crossing role'] } } })).toBe(0)
  expect(await app.context.prisma.contact.count({ where: { name: { in: ['Ours A', 'Ours B'] }, organizationId: org } })).toBe(2)
})
