// Phone and email: readable by staff of the contact's organization with readContacts, by admins and
// by the resident whose verified phone matches; null for everyone else; never in errors or logs.
import { startTestApp, type TestApp } from '../../harness/app'
import { createOrganization, createProperty, createStaff, createUser } from '../../harness/factories'
import { clientFor, codeOf, createContact, usPhone, type Client } from '../../harness/contacts'

let app: TestApp
let org: string
let property: string

beforeAll(async () => {
  app = await startTestApp({ http: true })
  org = (await createOrganization(app.context, { country: 'US' })).id
  property = (await createProperty(app.context, org)).id
})
afterAll(() => app.close())

const READ = `{ contacts(orderBy: { name: asc }) { name phone email } }`

test('in one page, a reader with readContacts in one organization sees phones there and nulls elsewhere', async () => {
  const other = (await createOrganization(app.context)).id
  const mine = await createContact(app.context, { organization: org, name: 'A Mine', phone: usPhone(), email: 'a@example.com' })
  await createContact(app.context, { organization: other, name: 'B Theirs', phone: usPhone(), email: 'b@example.com' })
  const user = await createStaff(app.context, org, ['readContacts'])
  await app.context.sudo().db.OrganizationEmployee.createOne({ data: { user: { connect: { id: user.id } }, organization: { connect: { id: other } } } })
  const { body } = await (await clientFor(app, user))(READ)
  const rows = body.data!.contacts.filter((c: any) => ['A Mine', 'B Theirs'].includes(c.name))
  expect(rows).toEqual([
    { name: 'A Mine', phone: mine.phone, email: 'a@example.com' },
    { name: 'B Theirs', phone: null, email: null },
  ])
})

test('a resident reads the contacts carrying their verified phone, with phone and email; another resident reads nothing', async () => {
  const phone = usPhone()
  const contact = await createContact(app.context, { organization: org, property, name: 'Res Ident', phone, email: 'res@example.com' })
  const resident = await clientFor(app, await createUser(app.context, { type: 'resident', phone }))
  expect((await resident(READ)).body.data!.contacts).toEqual([{ name: 'Res Ident', phone, email: 'res@example.com' }])
  const stranger = await clientFor(app, await createUser(app.context, { type: 'resident', phone: usPhone() }))
  expect((await stranger(READ)).body.data!.contacts).toEqual([])
  const noPhone = await clientFor(app, await createUser(app.context, { type: 'resident' }))
  expect((await noPhone(READ)).body.data!.contacts).toEqual([])
  expect(contact.id).toBeTruthy()
})

test('a resident cannot change their own verified phone to read someone else’s contact', async () => {
  const victim = usPhone()
  await createContact(app.context, { organization: org, property, name: 'Victim', phone: victim, email: 'victim@example.com' })
  const user = await createUser(app.context, { type: 'resident', phone: usPhone() })
  const resident = await clientFor(app, user)
  const { body } = await resident(`mutation($id: ID!, $phone: String!) { updateUser(where: { id: $id }, data: { phone: $phone }) { id } }`, { id: user.id, phone: victim })
  expect(codeOf(body)).toBe('USER_PHONE_CHANGE_FORBIDDEN')
  expect((await resident(READ)).body.data!.contacts).toEqual([])
  // the same user may still change their name
  expect((await resident(`mutation($id: ID!) { updateUser(where: { id: $id }, data: { name: "New" }) { name } }`, { id: user.id })).body.errors).toBeUndefined()
})

test('phone and email never appear in error messages or in what the server logs', async () => {
  const phone = usPhone()
  const staff = await clientFor(app, await createStaff(app.context, org, ['manageContacts', 'readContacts']))
  const data = { organization: { connect: { id: org } }, property: { connect: { id: property } }, unitName: '5', name: 'Logged', phone, email: 'secret.mail@example.com' }
  const create = `mutation($data: ContactCreateInput!) { createContact(data: $data) { id } }`
  await staff(create, { data })

  const written: string[] = []
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map(level =>
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void written.push(args.map(String).join(' ')))
  )
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => (written.push(String(chunk)), true))
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => (written.push(String(chunk)), true))
  try {
    const responses = [
      await staff(create, { data }), // duplicate
      await staff(create, { data: { ...data, name: 'Other', phone: '12345' } }), // wrong phone
      await staff(create, { data: { ...data, name: 'Other', email: 'secret.mail@' } }), // wrong email
      await staff(`mutation($data: ContactCreateInput!) { createContact(data: $data) { id } }`, { data: { ...data, unitName: '' } }), // rule
    ]
    const errors = JSON.stringify(responses.map(r => r.body.errors))
    expect(responses.map(r => codeOf(r.body))).toEqual(['CONTACT_DUPLICATE_ERROR', 'WRONG_PHONE_FORMAT', 'WRONG_EMAIL_FORMAT', 'CONTACT_UNIT_REQUIRED'])
    for (const secret of [phone, phone.slice(2), 'secret.mail']) {
      expect(errors).not.toContain(secret)
      expect(written.join('\n')).not.toContain(secret)
    }
  } finally {
    for (const spy of [...spies, stdout, stderr]) spy.mockRestore()
  }
})
