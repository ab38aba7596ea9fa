// Search before create: live contacts of the organization by phone and/or email, normalized the same
// way; and the "possible duplicates" field the Admin UI shows on the contact form.
import { startTestApp, type TestApp } from '../../harness/app'
import { createOrganization, createProperty, createStaff, createUser } from '../../harness/factories'
import { clientFor, codeOf, createContact, type Client } from '../../harness/contacts'

const SEARCH = `query($org: ID!, $phone: String, $email: String) {
  findContactDuplicates(organization: $org, phone: $phone, email: $email) { id name phone }
}`

let app: TestApp
let org: string
let reader: Client
let manager: Client
let noPermission: Client
let otherStaff: Client
let resident: Client
const made: Record<string, { id: string }> = {}

beforeAll(async () => {
  app = await startTestApp({ http: true })
  org = (await createOrganization(app.context, { country: 'RU' })).id
  const other = (await createOrganization(app.context, { country: 'RU' })).id
  const property = (await createProperty(app.context, org)).id
  made.ivan = await createContact(app.context, { organization: org, property, unitName: '1', name: 'Ivan', phone: '+79123456789' })
  made.ivanWife = await createContact(app.context, { organization: org, property, unitName: '1', name: 'Maria', phone: '+79123456789', email: 'maria@example.ru' })
  made.archived = await createContact(app.context, { organization: org, property, unitName: '2', name: 'Old Ivan', phone: '+79123456789' })
  await app.context.sudo().db.Contact.updateOne({ where: { id: made.archived.id }, data: { archivedAt: new Date() } })
  made.elsewhere = await createContact(app.context, { organization: other, name: 'Ivan Elsewhere', phone: '+79123456789' })
  reader = await clientFor(app, await createStaff(app.context, org, ['readContacts']))
  manager = await clientFor(app, await createStaff(app.context, org, ['manageContacts']))
  noPermission = await clientFor(app, await createStaff(app.context, org, []))
  otherStaff = await clientFor(app, await createStaff(app.context, other, ['readContacts', 'manageContacts']))
  resident = await clientFor(app, await createUser(app.context, { type: 'resident', phone: '+79123456789' }))
})
afterAll(() => app.close())

test("finds live contacts of the organization by the phone as typed locally, not archived ones or other organizations'", async () => {
  const { body } = await reader(SEARCH, { org, phone: '8 (912) 345-67-89' })
  expect(body.data!.findContactDuplicates.map((c: any) => c.name)).toEqual(['Ivan', 'Maria'])
  expect(body.data!.findContactDuplicates[0].phone).toBe('+79123456789')
})

test('by email (normalized), or by phone or email together', async () => {
  expect((await reader(SEARCH, { org, email: ' MARIA@example.RU' })).body.data!.findContactDuplicates.map((c: any) => c.name)).toEqual(['Maria'])
  const either = await reader(SEARCH, { org, phone: '+7 912 000 00 00', email: 'maria@example.ru' })
  expect(either.body.data!.findContactDuplicates.map((c: any) => c.name)).toEqual(['Maria'])
})

test('staff with manageContacts but not readContacts may search, and see phones as null', async () => {
  const { body } = await manager(SEARCH, { org, phone: '89123456789' })
  expect(body.data!.findContactDuplicates.map((c: any) => [c.name, c.phone])).toEqual([['Ivan', null], ['Maria', null]])
})

test.each([
  ['staff without permissions', () => noPermission, 'CONTACT_SEARCH_FORBIDDEN'],
  ['staff of another organization', () => otherStaff, 'CONTACT_SEARCH_FORBIDDEN'],
  ['a resident', () => resident, 'CONTACT_SEARCH_FORBIDDEN'],
])('%s cannot search', async (_label, who, code) => {
  expect(codeOf((await who()(SEARCH, { org, phone: '+79123456789' })).body)).toBe(code)
})

test('bad input is typed: no phone nor email, an impossible phone, a malformed email', async () => {
  expect(codeOf((await reader(SEARCH, { org })).body)).toBe('CONTACT_SEARCH_EMPTY')
  expect(codeOf((await reader(SEARCH, { org, phone: '123' })).body)).toBe('WRONG_PHONE_FORMAT')
  expect(codeOf((await reader(SEARCH, { org, email: 'x@' })).body)).toBe('WRONG_EMAIL_FORMAT')
})

test('the contact form shows possible duplicates (same phone or email, live, same organization) to readers only', async () => {
  const query = `query($id: ID!) { contact(where: { id: $id }) { possibleDuplicates } }`
  const seen = (await reader(query, { id: made.ivan.id })).body.data!.contact.possibleDuplicates
  expect(seen).toContain('Maria (unit 1)')
  expect(seen).toContain(made.ivanWife.id)
  expect(seen).not.toContain('Old Ivan')
  expect(seen).not.toContain('Elsewhere')
  expect((await noPermission(query, { id: made.ivan.id })).body.data!.contact.possibleDuplicates).toBeNull()
})
