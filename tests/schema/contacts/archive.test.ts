// Archived contacts are hidden from lists and counts by default and found with an explicit filter;
// archive and restore are idempotent; deletion is never possible through the API.
import { startTestApp, type TestApp } from '../../harness/app'
import { createOrganization, createStaff } from '../../harness/factories'
import { clientFor, codeOf, createContact, type Client } from '../../harness/contacts'

let app: TestApp
let staff: Client
let org: string
let live: { id: string }
let archived: { id: string }

beforeAll(async () => {
  app = await startTestApp({ http: true })
  org = (await createOrganization(app.context)).id
  staff = await clientFor(app, await createStaff(app.context, org, ['manageContacts', 'readContacts']))
  live = await createContact(app.context, { organization: org, name: 'Live One' })
  archived = await createContact(app.context, { organization: org, name: 'Gone One' })
  await staff(`mutation($id: ID!) { archiveContact(where: { id: $id }) { id } }`, { id: archived.id })
})
afterAll(() => app.close())

const ids = (rows: { id: string }[]) => rows.map(r => r.id).sort()

test('lists and counts show live contacts only, unless the filter asks about archivedAt', async () => {
  const byDefault = await staff(`{ contacts { id } contactsCount }`)
  expect(ids(byDefault.body.data!.contacts)).toEqual([live.id])
  expect(byDefault.body.data!.contactsCount).toBe(1)

  const onlyArchived = await staff(`{ contacts(where: { archivedAt: { not: { equals: null } } }) { id } }`)
  expect(ids(onlyArchived.body.data!.contacts)).toEqual([archived.id])
  const both = await staff(`{ contacts(where: { OR: [{ archivedAt: { equals: null } }, { archivedAt: { not: { equals: null } } }] }) { id } contactsCount(where: { archivedAt: { not: { equals: null } } }) }`)
  expect(ids(both.body.data!.contacts)).toEqual([live.id, archived.id].sort())
  expect(both.body.data!.contactsCount).toBe(1)
})

test('an archived contact is still readable by id (to restore it)', async () => {
  const { body } = await staff(`query($id: ID!) { contact(where: { id: $id }) { id archivedAt } }`, { id: archived.id })
  expect(body.data!.contact).toEqual({ id: archived.id, archivedAt: expect.any(String) })
})

test('archiving twice keeps the first who and when; restoring a live contact changes nothing', async () => {
  const first = (await app.context.sudo().db.Contact.findOne({ where: { id: archived.id } }))!.archivedAt
  await staff(`mutation($id: ID!) { archiveContact(where: { id: $id }) { id } }`, { id: archived.id })
  expect((await app.context.sudo().db.Contact.findOne({ where: { id: archived.id } }))!.archivedAt).toEqual(first)
  const { body } = await staff(`mutation($id: ID!) { restoreContact(where: { id: $id }) { archivedAt } }`, { id: live.id })
  expect(body.data!.restoreContact).toEqual({ archivedAt: null })
})

test('archivedAt and archivedBy cannot be written through create or update', async () => {
  const { body } = await staff(`mutation($id: ID!) { updateContact(where: { id: $id }, data: { archivedAt: "2020-01-01T00:00:00Z" }) { id } }`, { id: live.id })
  expect(body.errors![0].message).toMatch(/archivedAt/)
  expect((await app.context.sudo().db.Contact.findOne({ where: { id: live.id } }))!.archivedAt).toBeNull()
})

test('an archive of a contact id that does not exist is CONTACT_NOT_FOUND', async () => {
  const { body } = await staff(`mutation { archiveContact(where: { id: "nope" }) { id } }`)
  expect(codeOf(body)).toBe('CONTACT_NOT_FOUND')
})
