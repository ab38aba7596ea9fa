// Access matrix for Contact: every kind of caller × read, create, update, delete (and archive),
// through the real HTTP endpoint.
import { startTestApp, type TestApp } from '../../harness/app'
import { CALLERS, clientFor, codeOf, contactWorld, createContact, type Caller, type Client } from '../../harness/contacts'

let app: TestApp
let world: Awaited<ReturnType<typeof contactWorld>>
const client = {} as Record<Caller, Client>

beforeAll(async () => {
  app = await startTestApp({ http: true })
  world = await contactWorld(app.context)
  for (const caller of CALLERS) client[caller] = await clientFor(app, world.users[caller])
})
afterAll(() => app.close())

/** A resident contact whose phone is the resident caller's verified phone. */
const residentContact = () =>
  createContact(app.context, {
    organization: world.organization.id,
    property: world.property.id,
    phone: world.residentPhone,
    email: `c${Math.random().toString(36).slice(2)}@example.com`,
  })

type Read = 'hidden' | 'masked' | 'full'
const expected: Record<Caller, { read: Read; create: boolean; update: boolean; archive: string | true }> = {
  anonymous: { read: 'hidden', create: false, update: false, archive: 'KS_ACCESS_DENIED' },
  resident: { read: 'full', create: false, update: false, archive: 'KS_ACCESS_DENIED' },
  otherResident: { read: 'hidden', create: false, update: false, archive: 'KS_ACCESS_DENIED' },
  staffWithoutPermission: { read: 'masked', create: false, update: false, archive: 'CONTACT_ARCHIVE_FORBIDDEN' },
  staffWithPermission: { read: 'full', create: true, update: true, archive: true },
  otherOrganizationStaff: { read: 'hidden', create: false, update: false, archive: 'CONTACT_NOT_FOUND' },
  admin: { read: 'full', create: true, update: true, archive: true },
}

describe.each(CALLERS)('%s', caller => {
  const rule = expected[caller]

  test(`read: ${rule.read}`, async () => {
    const contact = await residentContact()
    const one = await client[caller](`query($id: ID!) { contact(where: { id: $id }) { id name phone email } }`, { id: contact.id })
    const many = await client[caller](`query($id: ID!) { contacts(where: { id: { equals: $id } }) { id } }`, { id: contact.id })
    expect(one.body.errors).toBeUndefined()
    if (rule.read === 'hidden') {
      expect(one.body.data!.contact).toBeNull()
      expect(many.body.data?.contacts ?? []).toEqual([])
      return
    }
    expect(many.body.data!.contacts).toEqual([{ id: contact.id }])
    expect(one.body.data!.contact).toEqual({
      id: contact.id,
      name: contact.name,
      phone: rule.read === 'full' ? contact.phone : null,
      email: rule.read === 'full' ? contact.email : null,
    })
  })

  test(`create: ${rule.create ? 'allowed' : 'denied, nothing written'}`, async () => {
    const name = `Created by ${caller}`
    const { body } = await client[caller](`mutation($data: ContactCreateInput!) { createContact(data: $data) { id } }`, {
      data: { organization: { connect: { id: world.organization.id } }, type: 'vendor', name },
    })
    const stored = await app.context.sudo().db.Contact.count({ where: { name: { equals: name } } })
    if (rule.create) {
      expect(body.errors).toBeUndefined()
      expect(stored).toBe(1)
    } else {
      expect(codeOf(body)).toBe('KS_ACCESS_DENIED')
      expect(stored).toBe(0)
    }
  })

  test(`update: ${rule.update ? 'allowed' : 'denied, nothing written'}`, async () => {
    const contact = await residentContact()
    const { body } = await client[caller](`mutation($id: ID!) { updateContact(where: { id: $id }, data: { notes: "changed" }) { id } }`, { id: contact.id })
    const stored = await app.context.sudo().db.Contact.findOne({ where: { id: contact.id } })
    if (rule.update) {
      expect(body.errors).toBeUndefined()
      expect(stored!.notes).toBe('changed')
    } else {
      expect(codeOf(body)).toBe('KS_ACCESS_DENIED')
      expect(stored!.notes).toBe('')
    }
  })

  test('delete: always refused with CONTACT_DELETE_FORBIDDEN (archive instead)', async () => {
    const contact = await residentContact()
    const { body } = await client[caller](`mutation($id: ID!) { deleteContact(where: { id: $id }) { id } }`, { id: contact.id })
    expect(codeOf(body)).toBe('CONTACT_DELETE_FORBIDDEN')
    const many = await client[caller](`mutation($id: ID!) { deleteContacts(where: [{ id: $id }]) { id } }`, { id: contact.id })
    expect(codeOf(many.body)).toBe('CONTACT_DELETE_FORBIDDEN')
    expect(await app.context.sudo().db.Contact.count({ where: { id: { equals: contact.id } } })).toBe(1)
  })

  test(`archive: ${rule.archive === true ? 'allowed' : rule.archive}`, async () => {
    const contact = await residentContact()
    const { body } = await client[caller](`mutation($id: ID!) { archiveContact(where: { id: $id }) { id } }`, { id: contact.id })
    const stored = await app.context.sudo().db.Contact.findOne({ where: { id: contact.id } })
    if (rule.archive === true) {
      expect(body.errors).toBeUndefined()
      expect(stored!.archivedAt).toBeInstanceOf(Date)
    } else {
      expect(codeOf(body)).toBe(rule.archive)
      expect(stored!.archivedAt).toBeNull()
    }
  })
})

test('phone and email cannot be used as filters by callers who may not read them', async () => {
  const contact = await residentContact()
  const byPhone = `query($phone: String!) { contacts(where: { phone: { equals: $phone } }) { id } }`
  const denied = await client.staffWithoutPermission(byPhone, { phone: contact.phone })
  expect(codeOf(denied.body)).toBe('KS_ACCESS_DENIED')
  const allowed = await client.staffWithPermission(byPhone, { phone: contact.phone })
  expect(allowed.body.data!.contacts.map((c: any) => c.id)).toContain(contact.id)
})

describe('portalUser: the account linked to a contact', () => {
  test('a resident without a phone reads the contacts linked to their account, in full, and no other', async () => {
    const { createUser } = await import('../../harness/factories')
    const portalOnly = await createUser(app.context, { type: 'resident', phone: undefined })
    const linked = await residentContact()
    await app.context.sudo().db.Contact.updateOne({ where: { id: linked.id }, data: { portalUser: { connect: { id: portalOnly.id } } } })
    const unlinked = await residentContact()
    const me = await clientFor(app, portalOnly)
    const res = await me(`query($ids: [ID!]) { contacts(where: { id: { in: $ids } }) { id phone email portalUser { id } } }`, { ids: [linked.id, unlinked.id] })
    expect(res.body.data!.contacts).toEqual([{ id: linked.id, phone: linked.phone, email: linked.email, portalUser: { id: portalOnly.id } }])
  })

  test('only admins set it through the API; staff get an access error and nothing changes', async () => {
    const contact = await residentContact()
    const SET = `mutation($id: ID!, $user: ID!) { updateContact(where: { id: $id }, data: { portalUser: { connect: { id: $user } } }) { id } }`
    const staffTry = await client.staffWithPermission(SET, { id: contact.id, user: world.users.resident.id })
    expect(codeOf(staffTry.body)).toBe('KS_ACCESS_DENIED')
    expect((await app.context.sudo().db.Contact.findOne({ where: { id: contact.id } }))!.portalUserId).toBeNull()
  })
})
