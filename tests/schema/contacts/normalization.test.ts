// Phone, email and name normalization on Contact, through the real HTTP endpoint.
import { startTestApp, type TestApp } from '../../harness/app'
import { createOrganization, createProperty, createStaff } from '../../harness/factories'
import { clientFor, codeOf, type Client } from '../../harness/contacts'

const CREATE = `mutation($data: ContactCreateInput!) { createContact(data: $data) { id name phone email unitName } }`

let app: TestApp
let staff: Client
const orgs: Record<string, { id: string; property: string }> = {}

beforeAll(async () => {
  app = await startTestApp({ http: true })
  const all = { US: 'US', RU: 'RU', GB: 'GB', DE: 'DE', BR: 'BR' }
  const user = await createStaff(app.context, (await createOrganization(app.context)).id)
  for (const country of Object.keys(all)) {
    const org = await createOrganization(app.context, { country })
    const property = await createProperty(app.context, org.id)
    await app.context.sudo().db.OrganizationEmployee.createOne({
      data: { user: { connect: { id: user.id } }, organization: { connect: { id: org.id } }, manageContacts: true, readContacts: true, manageContactIdentity: true },
    })
    orgs[country] = { id: org.id, property: property.id }
  }
  staff = await clientFor(app, user)
})
afterAll(() => app.close())

const contact = (country: string, data: Record<string, unknown>) => ({
  organization: { connect: { id: orgs[country].id } },
  property: { connect: { id: orgs[country].property } },
  unitName: '42',
  name: 'Ann Lee',
  ...data,
})

test.each([
  ['RU', '8 (912) 345-67-89', '+79123456789'],
  ['US', '(415) 555-2671', '+14155552671'],
  ['GB', '020 7946 0958', '+442079460958'],
  ['DE', '030 123456', '+4930123456'],
  ['BR', '(11) 91234-5678', '+5511912345678'],
  ['US', '+7 912 345 67 89', '+79123456789'], // a country code wins over the organization's country
])("in a %s organization, %s is stored as %s", async (country, raw, e164) => {
  const { body } = await staff(CREATE, { data: contact(country, { phone: raw, name: `Person ${raw}` }) })
  expect(body.errors).toBeUndefined()
  expect(body.data!.createContact.phone).toBe(e164)
})

test.each([['12345'], ['1-800-FLOWERS'], ['+7 000'], ['not a phone']])(
  'an impossible number (%s) is WRONG_PHONE_FORMAT, nothing is stored, and the message does not repeat it',
  async raw => {
    const before = await app.context.sudo().db.Contact.count()
    const { body } = await staff(CREATE, { data: contact('US', { phone: raw }) })
    expect(codeOf(body)).toBe('WRONG_PHONE_FORMAT')
    expect(body.errors![0].message).not.toContain(raw)
    expect(body.data?.createContact ?? null).toBeNull()
    expect(await app.context.sudo().db.Contact.count()).toBe(before)
  }
)

test('email is trimmed and lowercased; a malformed one is WRONG_EMAIL_FORMAT and not echoed', async () => {
  const ok = await staff(CREATE, { data: contact('US', { name: 'Mail Person', email: '  Ann.Lee@Example.COM ' }) })
  expect(ok.body.data!.createContact.email).toBe('ann.lee@example.com')
  for (const bad of ['ann@', 'ann lee@example.com', 'ann@example', '@example.com']) {
    const { body } = await staff(CREATE, { data: contact('US', { name: 'Bad Mail', email: bad }) })
    expect(codeOf(body)).toBe('WRONG_EMAIL_FORMAT')
    expect(body.errors![0].message).not.toContain(bad)
  }
})

test('names and units are trimmed with inner whitespace collapsed; empty phone and email become null', async () => {
  const { body } = await staff(CREATE, { data: contact('US', { name: '  Mary \t  Ann   Smith ', unitName: ' 12 B ', phone: '', email: ' ' }) })
  expect(body.data!.createContact).toMatchObject({ name: 'Mary Ann Smith', unitName: '12 B', phone: null, email: null })
})

test('updates are normalized the same way, with the organization of the stored contact', async () => {
  const created = await staff(CREATE, { data: contact('RU', { name: 'Ivan Petrov', phone: '+79123456780' }) })
  const id = created.body.data!.createContact.id
  const { body } = await staff(`mutation($id: ID!) { updateContact(where: { id: $id }, data: { phone: "8 912 345-67-81", email: " I@X.RU " }) { phone email } }`, { id })
  expect(body.errors).toBeUndefined()
  expect(body.data!.updateContact).toEqual({ phone: '+79123456781', email: 'i@x.ru' })
  const bad = await staff(`mutation($id: ID!) { updateContact(where: { id: $id }, data: { phone: "123" }) { phone } }`, { id })
  expect(codeOf(bad.body)).toBe('WRONG_PHONE_FORMAT')
  expect((await app.context.sudo().db.Contact.findOne({ where: { id } }))!.phone).toBe('+79123456781')
})

test('an update that leaves phone and email alone keeps them', async () => {
  const created = await staff(CREATE, { data: contact('US', { name: 'Keep Me', phone: '(415) 555-2672', email: 'keep@example.com' }) })
  const id = created.body.data!.createContact.id
  const { body } = await staff(`mutation($id: ID!) { updateContact(where: { id: $id }, data: { notes: "prefers calls" }) { phone email name } }`, { id })
  expect(body.data!.updateContact).toEqual({ phone: '+14155552672', email: 'keep@example.com', name: 'Keep Me' })
})
