// FieldChange (audit history): readable by staff of the item's organization (sensitive values only with
// the permission the tracked list names), never written, edited or deleted through the API; reusable by
// any list that opts in by field names.
import { definePlugin } from '../../../plugins/kernel'
import { recordChanges } from '../../../schema/audit/record-changes'
import { startTestApp, type TestApp } from '../../harness/app'
import { createProperty } from '../../harness/factories'
import { CALLERS, clientFor, codeOf, contactWorld, createContact, usPhone, type Caller, type Client } from '../../harness/contacts'

// another list opting in, the way a plugin would: an afterOperation hook, the Property list untouched
const auditProperties = definePlugin({
  name: 'audit-properties',
  extendLists: { Property: { hooks: { afterOperation: recordChanges('Property', { fields: ['name'], organizationField: 'organizationId' }) as any } } },
})

let app: TestApp
let world: Awaited<ReturnType<typeof contactWorld>>
const client = {} as Record<Caller, Client>
let contactId: string
let oldPhone: string

beforeAll(async () => {
  app = await startTestApp({ http: true, plugins: [auditProperties] })
  world = await contactWorld(app.context)
  for (const caller of CALLERS) client[caller] = await clientFor(app, world.users[caller])
  oldPhone = usPhone()
  const contact = await createContact(app.context, { organization: world.organization.id, property: world.property.id, phone: oldPhone, name: 'Audited' })
  contactId = contact.id
  await client.staffWithPermission(`mutation($id: ID!) { updateContact(where: { id: $id }, data: { phone: "(415) 555-2671", name: "Audited Too" }) { id } }`, { id: contactId })
})
afterAll(() => app.close())

const HISTORY = `query($id: String!) { fieldChanges(where: { itemId: { equals: $id } }) { id field oldValue newValue } }`
type Read = 'none' | 'names' | 'all'
const expected: Record<Caller, Read> = {
  anonymous: 'none',
  resident: 'none',
  otherResident: 'none',
  staffWithoutPermission: 'names',
  staffWithPermission: 'all',
  otherOrganizationStaff: 'none',
  admin: 'all',
}

describe.each(CALLERS)('%s', caller => {
  test(`read: ${expected[caller]}`, async () => {
    const { body } = await client[caller](HISTORY, { id: contactId })
    const rows = body.data?.fieldChanges ?? []
    const updated = (field: string) => rows.find((r: any) => r.field === field && r.oldValue !== null)
    if (expected[caller] === 'none') return expect(rows).toEqual([])
    expect(updated('name')).toMatchObject({ oldValue: 'Audited', newValue: 'Audited Too' })
    if (expected[caller] === 'all') expect(updated('phone')).toMatchObject({ oldValue: oldPhone, newValue: '+14155552671' })
    else expect(rows.filter((r: any) => r.field === 'phone').every((r: any) => r.oldValue === null && r.newValue === null)).toBe(true)
  })

  test('create, update, delete: denied to everyone; history stays as written', async () => {
    const row = (await app.context.sudo().db.FieldChange.findMany({ where: { itemId: { equals: contactId } }, take: 1 }))[0]
    const before = await app.context.sudo().db.FieldChange.count()
    const create = await client[caller](`mutation { createFieldChange(data: { listKey: "Contact", itemId: "x", field: "name" }) { id } }`)
    expect(codeOf(create.body)).toBe('KS_ACCESS_DENIED')
    const update = await client[caller](`mutation($id: ID!) { updateFieldChange(where: { id: $id }, data: { newValue: "forged" }) { id } }`, { id: row.id })
    expect(update.body.errors).toBeDefined()
    const del = await client[caller](`mutation($id: ID!) { deleteFieldChange(where: { id: $id }) { id } }`, { id: row.id })
    expect(codeOf(del.body)).toBe('KS_ACCESS_DENIED')
    expect(await app.context.sudo().db.FieldChange.count()).toBe(before)
    expect((await app.context.sudo().db.FieldChange.findOne({ where: { id: row.id } }))!.newValue).toBe(row.newValue)
  })
})

test('another list opts in by field names: its changes are recorded with the same who/when/old/new', async () => {
  const property = await createProperty(app.context, world.organization.id, { name: 'Elm House' })
  await app.context.withSession({ listKey: 'User', itemId: world.users.admin.id, data: { ...world.users.admin, type: 'staff' } as any })
    .sudo()
    .db.Property.updateOne({ where: { id: property.id }, data: { name: 'Oak House' } })
  const { body } = await client.staffWithoutPermission(HISTORY, { id: property.id })
  expect(body.data!.fieldChanges.map((r: any) => [r.field, r.oldValue, r.newValue])).toEqual(
    expect.arrayContaining([['name', null, 'Elm House'], ['name', 'Elm House', 'Oak House']])
  )
  const actor = await app.context.sudo().db.FieldChange.findMany({ where: { itemId: { equals: property.id }, oldValue: { equals: 'Elm House' } } })
  expect(actor[0].actorId).toBe(world.users.admin.id)
})
