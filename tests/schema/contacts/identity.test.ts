// Name, phone and email change only with manageContactIdentity (or as admin); every change of them,
// and every archive/restore, lands in the audit history with who, when, old and new value.
import { startTestApp, type TestApp } from '../../harness/app'
import { createOrganization, createProperty, createStaff, createUser } from '../../harness/factories'
import { clientFor, codeOf, createContact, usPhone, type Client } from '../../harness/contacts'

const UPDATE = `mutation($id: ID!, $data: ContactUpdateInput!) { updateContact(where: { id: $id }, data: $data) { id name phone email notes } }`
const HISTORY = `query($id: String!) {
  fieldChanges(where: { listKey: { equals: "Contact" }, itemId: { equals: $id } }, orderBy: { at: asc }) {
    field oldValue newValue at actor { id }
  }
}`

let app: TestApp
let orgId: string
let propertyId: string
let manager: { id: string; email?: string | null }
let identityEditor: { id: string; email?: string | null }
const client = {} as Record<'manager' | 'identityEditor' | 'reader' | 'admin', Client>

beforeAll(async () => {
  app = await startTestApp({ http: true })
  orgId = (await createOrganization(app.context, { country: 'US' })).id
  propertyId = (await createProperty(app.context, orgId)).id
  manager = await createStaff(app.context, orgId, ['manageContacts', 'readContacts'])
  identityEditor = await createStaff(app.context, orgId, ['manageContactIdentity', 'readContacts'])
  client.manager = await clientFor(app, manager)
  client.identityEditor = await clientFor(app, identityEditor)
  client.reader = await clientFor(app, await createStaff(app.context, orgId, []))
  client.admin = await clientFor(app, await createUser(app.context, { isAdmin: true }))
})
afterAll(() => app.close())

const contact = () => createContact(app.context, { organization: orgId, property: propertyId, phone: usPhone(), email: 'old@example.com', name: 'Old Name' })

test.each([['name', 'New Name'], ['phone', '(415) 555-2671'], ['email', 'new@example.com']])(
  'manageContacts alone cannot change %s: KS_ACCESS_DENIED, nothing changes, nothing recorded',
  async (field, value) => {
    const item = await contact()
    const { body } = await client.manager(UPDATE, { id: item.id, data: { [field]: value } })
    expect(codeOf(body)).toBe('KS_ACCESS_DENIED')
    expect(body.errors![0].message).toContain(field)
    const stored = await app.context.sudo().db.Contact.findOne({ where: { id: item.id } })
    expect(stored![field]).toBe((item as any)[field])
    const history = await app.context.sudo().db.FieldChange.count({ where: { itemId: { equals: item.id }, field: { equals: field } } })
    expect(history).toBe(1) // the value set on create, nothing more
  }
)

test('manageContacts still edits the other fields; manageContactIdentity alone edits identity but not the rest', async () => {
  const item = await contact()
  expect((await client.manager(UPDATE, { id: item.id, data: { notes: 'gate code 1234' } })).body.errors).toBeUndefined()
  expect(codeOf((await client.identityEditor(UPDATE, { id: item.id, data: { notes: 'x' } })).body)).toBe('KS_ACCESS_DENIED')
  const ok = await client.identityEditor(UPDATE, { id: item.id, data: { name: 'New Name' } })
  expect(ok.body.data!.updateContact.name).toBe('New Name')
})

test('identity changes are recorded: who, when, old and new value (normalized); unchanged fields are not', async () => {
  const item = await contact()
  const before = Date.now()
  const { body } = await client.identityEditor(UPDATE, { id: item.id, data: { phone: '(415) 555-2671', email: ' NEW@Example.com', name: 'Old Name' } })
  expect(body.errors).toBeUndefined()
  const full = (await client.identityEditor(HISTORY, { id: item.id })).body.data!.fieldChanges
  const changes = full.filter((h: any) => h.oldValue !== null).map((h: any) => [h.field, h.oldValue, h.newValue, h.actor?.id])
  expect(changes.sort()).toEqual(
    [
      ['email', 'old@example.com', 'new@example.com', identityEditor.id],
      ['phone', item.phone, '+14155552671', identityEditor.id],
    ].sort()
  )
  for (const h of full.filter((h: any) => h.oldValue !== null)) expect(new Date(h.at).getTime()).toBeGreaterThanOrEqual(before - 1000)
})

test('the history of phone and email values is readable only with readContacts; names by all staff', async () => {
  const item = await contact()
  await client.identityEditor(UPDATE, { id: item.id, data: { phone: '(415) 555-2673', name: 'Renamed' } })
  const masked = (await client.reader(HISTORY, { id: item.id })).body.data!.fieldChanges
  const byField = (rows: any[], field: string) => rows.filter(r => r.field === field && r.actor?.id === identityEditor.id)[0]
  expect(byField(masked, 'name')).toMatchObject({ oldValue: 'Old Name', newValue: 'Renamed' })
  expect(byField(masked, 'phone')).toMatchObject({ oldValue: null, newValue: null })
  const full = (await client.admin(HISTORY, { id: item.id })).body.data!.fieldChanges
  expect(byField(full, 'phone')).toMatchObject({ oldValue: item.phone, newValue: '+14155552673' })
})

test('archive and restore record who and when, on the contact and in the history', async () => {
  const item = await contact()
  const archived = await client.manager(`mutation($id: ID!) { archiveContact(where: { id: $id }) { archivedAt archivedBy { id } } }`, { id: item.id })
  expect(archived.body.data!.archiveContact).toEqual({ archivedAt: expect.any(String), archivedBy: { id: manager.id } })
  const restored = await client.manager(`mutation($id: ID!) { restoreContact(where: { id: $id }) { archivedAt archivedBy { id } } }`, { id: item.id })
  expect(restored.body.data!.restoreContact).toEqual({ archivedAt: null, archivedBy: null })
  const history = (await client.reader(HISTORY, { id: item.id })).body.data!.fieldChanges.filter((h: any) => h.field === 'archivedAt')
  expect(history.map((h: any) => [h.oldValue === null, h.newValue === null, h.actor.id])).toEqual([
    [true, false, manager.id],
    [false, true, manager.id],
  ])
})
