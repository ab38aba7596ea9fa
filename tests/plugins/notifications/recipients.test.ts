// Staff send only to people their organization deals with; anyone else, or no one, gets one answer.
import { startTestApp, type TestApp } from '../../harness/app'
import { as, createOrganization, createProperty, createStaff, createUser } from '../../harness/factories'
import { createContact, usPhone } from '../../harness/contacts'
import { drain, testNotificationsPlugin } from './fixtures'

const { plugin } = testNotificationsPlugin()
let app: TestApp
let org: string
let other: string
let manager: Awaited<ReturnType<typeof createStaff>>
beforeAll(async () => {
  app = await startTestApp({ plugins: [plugin] })
  org = (await createOrganization(app.context)).id
  other = (await createOrganization(app.context)).id
  manager = await createStaff(app.context, org, ['manageMessages'])
})
afterAll(async () => {
  await drain(app)
  await app.close()
})

const SEND = `mutation($data: SendMessageInput!) { sendMessage(data: $data) { id } }`
const meta = { title: 'Water', body: 'Off on Monday' }
const count = () => (app.context.prisma as any).message.count()

async function send(to: Record<string, string>) {
  const res = await as(app.context, manager).graphql.raw({ query: SEND, variables: { data: { type: 'TEST_NOTICE', organizationId: org, meta, ...to } } })
  return { code: res.errors?.[0].extensions?.code ?? null, message: res.errors?.[0].message ?? null }
}

async function residentOf(organizationId: string) {
  const user = await createUser(app.context, { type: 'resident', phone: usPhone() })
  const property = await createProperty(app.context, organizationId)
  await app.context.sudo().db.Resident.createOne({
    data: { user: { connect: { id: user.id } }, organization: { connect: { id: organizationId } }, property: { connect: { id: property.id } }, unitName: '1', unitType: 'flat' },
  })
  return user
}

test.each([
  ['an employee', async () => ({ userId: (await createStaff(app.context, org)).id })],
  ['a resident registered at one of its properties', async () => ({ userId: (await residentOf(org)).id })],
  ["a user whose verified phone is one of its contacts'", async () => {
    const user = await createUser(app.context, { type: 'resident', phone: usPhone() })
    await createContact(app.context, { organization: org, phone: user.phone as string })
    return { userId: user.id }
  }],
  ["a contact's phone, in another format", async () => {
    const stored = String((await createContact(app.context, { organization: org, phone: usPhone() })).phone)
    return { phone: `+1 (${stored.slice(2, 5)}) ${stored.slice(5, 8)}-${stored.slice(8)}` }
  }],
  ["a contact's email, in another case", async () => ({ email: String((await createContact(app.context, { organization: org, email: `Tenant.${Date.now()}@example.com` })).email).toUpperCase() })],
])('staff may send to %s', async (_label, recipient) => {
  expect(await send(await recipient())).toEqual({ code: null, message: null })
})

test.each([
  ['an employee of another organization', async () => ({ userId: (await createStaff(app.context, other)).id })],
  ['a resident of another organization', async () => ({ userId: (await residentOf(other)).id })],
  ['a user id that does not exist', async () => ({ userId: 'cl0000000000000000000000' })],
  ['a user with no tie to any organization', async () => ({ userId: (await createUser(app.context, { type: 'resident' })).id })],
  ["another organization's contact's phone", async () => ({ phone: String((await createContact(app.context, { organization: other, phone: usPhone() })).phone) })],
  ['a phone nobody has', async () => ({ phone: usPhone() })],
  ['an archived contact’s email', async () => {
    const contact = await createContact(app.context, { organization: org, email: `gone.${Date.now()}@example.com` })
    await app.context.sudo().db.Contact.updateOne({ where: { id: contact.id }, data: { archivedAt: new Date().toISOString() } })
    return { email: String(contact.email) }
  }],
])('sending to %s gets RECIPIENT_NOT_FOUND, the same message, and writes nothing', async (_label, recipient) => {
  const before = await count()
  expect(await send(await recipient())).toEqual({ code: 'RECIPIENT_NOT_FOUND', message: 'No such recipient in this organization (a resident, contact or employee of it)' })
  expect(await count()).toBe(before)
})
