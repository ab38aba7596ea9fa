// No two live contacts share (property, unit, name case-insensitively, phone): a unique index decides,
// so concurrent creates cannot both win; losers and sequential duplicates get CONTACT_DUPLICATE_ERROR.
import { startTestApp, type TestApp } from '../../harness/app'
import { createOrganization, createProperty, createStaff } from '../../harness/factories'
import { clientFor, codeOf, createContact, usPhone, type Client } from '../../harness/contacts'

const CREATE = `mutation($data: ContactCreateInput!) { createContact(data: $data) { id } }`
const ARCHIVE = `mutation($id: ID!) { archiveContact(where: { id: $id }) { id archivedAt } }`
const RESTORE = `mutation($id: ID!) { restoreContact(where: { id: $id }) { id archivedAt } }`

let app: TestApp
let staff: Client
let orgId: string
let propertyId: string

beforeAll(async () => {
  app = await startTestApp({ http: true })
  orgId = (await createOrganization(app.context, { country: 'US' })).id
  propertyId = (await createProperty(app.context, orgId)).id
  staff = await clientFor(app, await createStaff(app.context, orgId, ['manageContacts', 'readContacts', 'manageContactIdentity']))
})
afterAll(() => app.close())

const resident = (data: Record<string, unknown>) => ({
  organization: { connect: { id: orgId } },
  property: { connect: { id: propertyId } },
  unitName: '7',
  name: 'Jane Roe',
  ...data,
})

test('a sequential duplicate names the existing contact by name, unit and id, never its phone', async () => {
  const phone = usPhone()
  const first = await staff(CREATE, { data: resident({ phone }) })
  const existingId = first.body.data!.createContact.id
  const { body } = await staff(CREATE, { data: resident({ phone: phone.replace('+1', ''), name: '  JANE   roe ' }) })
  expect(codeOf(body)).toBe('CONTACT_DUPLICATE_ERROR')
  expect(body.errors![0].extensions).toMatchObject({ existingContactId: existingId, existingContactName: 'Jane Roe', existingContactUnit: '7', field: 'phone' })
  expect(body.errors![0].message).toBe(`A live contact with the same property, unit, name and phone already exists: Jane Roe (unit 7), contact ${existingId}`)
  expect(body.errors![0].message).not.toContain(phone.slice(2))
  expect(await app.context.sudo().db.Contact.count({ where: { phone: { equals: phone } } })).toBe(1)
})

test('another unit, another name or another phone is not a duplicate', async () => {
  const phone = usPhone()
  await staff(CREATE, { data: resident({ phone, name: 'Sam Poe' }) })
  for (const change of [{ unitName: '8' }, { name: 'Sam Poe Jr' }, { phone: usPhone() }]) {
    const { body } = await staff(CREATE, { data: resident({ phone, name: 'Sam Poe', ...change }) })
    expect(body.errors).toBeUndefined()
  }
})

test('10 parallel creates of the same contact: exactly one wins, nine get CONTACT_DUPLICATE_ERROR', async () => {
  const phone = usPhone()
  const results = await Promise.all(Array.from({ length: 10 }, () => staff(CREATE, { data: resident({ phone, name: 'Racer' }) })))
  const winners = results.filter(r => r.body.data?.createContact?.id)
  const codes = results.filter(r => r.body.errors).map(r => codeOf(r.body))
  expect(winners).toHaveLength(1)
  expect(codes).toEqual(Array(9).fill('CONTACT_DUPLICATE_ERROR'))
  expect(await app.context.sudo().db.Contact.count({ where: { phone: { equals: phone } } })).toBe(1)
})

test('the database itself refuses a duplicate key (the race path), mapped to CONTACT_DUPLICATE_ERROR', async () => {
  const phone = usPhone()
  const winner = await createContact(app.context, { organization: orgId, property: propertyId, unitName: '9', name: 'Direct', phone })
  const stored = await app.context.prisma.contact.findUnique({ where: { id: winner.id } })
  // straight to Prisma, past the validate hook's check: only the unique index can refuse this
  await expect(
    app.context.prisma.contact.create({ data: { name: 'Other', type: 'resident', organizationId: orgId, liveUniqueKey: stored!.liveUniqueKey } })
  ).rejects.toMatchObject({ extensions: { code: 'CONTACT_DUPLICATE_ERROR', existingContactId: winner.id } })
})

test('an archived contact does not block a new one; restoring it while the new one lives is refused', async () => {
  const phone = usPhone()
  const old = (await staff(CREATE, { data: resident({ phone, name: 'Archie' }) })).body.data!.createContact.id
  expect((await staff(ARCHIVE, { id: old })).body.data!.archiveContact.archivedAt).toEqual(expect.any(String))
  const replacement = await staff(CREATE, { data: resident({ phone, name: 'Archie' }) })
  expect(replacement.body.errors).toBeUndefined()

  const restore = await staff(RESTORE, { id: old })
  expect(codeOf(restore.body)).toBe('CONTACT_DUPLICATE_ERROR')
  expect(restore.body.errors![0].extensions).toMatchObject({ existingContactId: replacement.body.data!.createContact.id })
  expect((await app.context.sudo().db.Contact.findOne({ where: { id: old } }))!.archivedAt).not.toBeNull()
})

test('an update that would make a duplicate is refused too', async () => {
  const phone = usPhone()
  await staff(CREATE, { data: resident({ phone, name: 'Twin A' }) })
  const b = (await staff(CREATE, { data: resident({ phone, name: 'Twin B' }) })).body.data!.createContact.id
  const { body } = await staff(`mutation($id: ID!) { updateContact(where: { id: $id }, data: { name: "twin a" }) { id } }`, { id: b })
  expect(codeOf(body)).toBe('CONTACT_DUPLICATE_ERROR')
})
