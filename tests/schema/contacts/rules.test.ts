// What each contact type needs, and that everything a contact points to is its organization's.
import { startTestApp, type TestApp } from '../../harness/app'
import { createOrganization, createProperty, createStaff, createUser } from '../../harness/factories'
import { clientFor, codeOf, type Client } from '../../harness/contacts'

const CREATE = `mutation($data: ContactCreateInput!) { createContact(data: $data) { id type property { id } } }`

let app: TestApp
let staff: Client
let admin: Client
let org: string
let property: string
let otherProperty: string
let employee: string
let otherEmployee: string

beforeAll(async () => {
  app = await startTestApp({ http: true })
  org = (await createOrganization(app.context)).id
  const other = (await createOrganization(app.context)).id
  property = (await createProperty(app.context, org)).id
  otherProperty = (await createProperty(app.context, other)).id
  const colleague = await createStaff(app.context, org, ['manageContacts'])
  employee = (await app.context.sudo().db.OrganizationEmployee.findMany({ where: { user: { id: { equals: colleague.id } } } }))[0].id as string
  const otherStaff = await createStaff(app.context, other, [])
  otherEmployee = (await app.context.sudo().db.OrganizationEmployee.findMany({ where: { user: { id: { equals: otherStaff.id } } } }))[0].id as string
  staff = await clientFor(app, await createStaff(app.context, org, ['manageContacts', 'readContacts']))
  // an admin can see every organization's items, so only the validation stands between them and a mix-up
  admin = await clientFor(app, await createUser(app.context, { isAdmin: true }))
})
afterAll(() => app.close())

const base = (data: Record<string, unknown>) => ({ organization: { connect: { id: org } }, name: `N ${Math.random()}`, ...data })
const connect = (id: string) => ({ connect: { id } })

test.each([
  ['a resident without property', { type: 'resident', unitName: '1' }, 'CONTACT_UNIT_REQUIRED'],
  ['a resident without unit', { type: 'resident', property: connect('P') }, 'CONTACT_UNIT_REQUIRED'],
  ['a resident with a vendor field', { type: 'resident', property: connect('P'), unitName: '1', serviceScope: 'plumbing' }, 'CONTACT_FIELD_NOT_FOR_TYPE'],
  ['a vendor with a contractor field', { type: 'vendor', assignmentScope: 'roof' }, 'CONTACT_FIELD_NOT_FOR_TYPE'],
  ['a contractor with a vendor owner', { type: 'contractor', paymentRoutingOwner: connect('E') }, 'CONTACT_FIELD_NOT_FOR_TYPE'],
  ["another organization's property", { type: 'vendor', property: connect('OP') }, 'CROSS_ORGANIZATION_REFERENCE'],
  ["another organization's employee as escalation owner", { type: 'contractor', escalationOwner: connect('OE') }, 'CROSS_ORGANIZATION_REFERENCE'],
  ['a blank name', { type: 'vendor', name: '   ' }, 'CONTACT_NAME_REQUIRED'],
])('%s is refused (%s... → %s) and nothing is written', async (_label, data, code) => {
  const ids: Record<string, string> = { P: property, OP: otherProperty, E: employee, OE: otherEmployee }
  const resolved = JSON.parse(JSON.stringify(data), (_k, v) => (typeof v === 'string' && ids[v] ? ids[v] : v))
  const before = await app.context.sudo().db.Contact.count()
  const { body } = await admin(CREATE, { data: base(resolved) })
  expect(codeOf(body)).toBe(code)
  // staff who cannot see the other organization get the same answer as for a row that does not exist
  const asStaff = await staff(CREATE, { data: base(resolved) })
  expect(codeOf(asStaff.body)).toBe(code)
  expect(await app.context.sudo().db.Contact.count()).toBe(before)
})

test.each([
  ['a resident with property and unit', { type: 'resident', property: connect('P'), unitName: '12' }],
  ['a vendor with no property, with its scope and payment owner', { type: 'vendor', serviceScope: 'lifts', paymentRoutingOwner: connect('E') }],
  ['a vendor naming a property', { type: 'vendor', property: connect('P') }],
  ['a contractor with scope and escalation owner', { type: 'contractor', assignmentScope: 'roof', escalationOwner: connect('E') }],
])('%s is accepted', async (_label, data) => {
  const ids: Record<string, string> = { P: property, E: employee }
  const resolved = JSON.parse(JSON.stringify(data), (_k, v) => (typeof v === 'string' && ids[v] ? ids[v] : v))
  const { body } = await staff(CREATE, { data: base(resolved) })
  expect(body.errors).toBeUndefined()
})

test("a role of another organization is refused; built-in roles and the organization's own are accepted", async () => {
  const sudo = app.context.sudo()
  const other = (await createOrganization(app.context)).id
  const foreign = await sudo.db.ContactRole.createOne({ data: { name: 'Concierge', organization: connect(other) } })
  const own = await sudo.db.ContactRole.createOne({ data: { name: 'Concierge', organization: connect(org) } })
  const builtIn = (await sudo.db.ContactRole.findMany({ where: { key: { equals: 'tenant' } } }))[0]
  expect(codeOf((await admin(CREATE, { data: base({ type: 'vendor', role: connect(foreign.id) }) })).body)).toBe('CROSS_ORGANIZATION_REFERENCE')
  for (const role of [own, builtIn]) expect((await staff(CREATE, { data: base({ type: 'vendor', role: connect(String(role.id)) }) })).body.errors).toBeUndefined()
})

test('changing the type later is checked against the stored fields', async () => {
  const created = await staff(CREATE, { data: base({ type: 'vendor', serviceScope: 'cleaning' }) })
  const id = created.body.data!.createContact.id
  const toResident = await staff(`mutation($id: ID!) { updateContact(where: { id: $id }, data: { type: contractor }) { id } }`, { id })
  expect(codeOf(toResident.body)).toBe('CONTACT_FIELD_NOT_FOR_TYPE')
  const cleared = await staff(`mutation($id: ID!) { updateContact(where: { id: $id }, data: { type: contractor, serviceScope: null }) { type } }`, { id })
  expect(cleared.body.data!.updateContact.type).toBe('contractor')
})

test('the organization of a contact cannot be changed', async () => {
  const created = await admin(CREATE, { data: base({ type: 'vendor' }) })
  const other = (await createOrganization(app.context)).id
  const { body } = await admin(`mutation($id: ID!, $org: ID!) { updateContact(where: { id: $id }, data: { organization: { connect: { id: $org } } }) { id } }`, {
    id: created.body.data!.createContact.id,
    org: other,
  })
  expect(body.errors?.length).toBe(1)
})
