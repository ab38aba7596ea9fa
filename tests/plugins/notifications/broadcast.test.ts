// broadcastMessage: the staff fan-out. Who may (broadcast permission in the organization), what a bad
// recipient does (its index, nothing written), and that each recipient gets the message once.
import { startTestApp, type TestApp } from '../../harness/app'
import { as, createOrganization, createStaff, createUser } from '../../harness/factories'
import { createContact, usPhone } from '../../harness/contacts'
import { drain, testNotificationsPlugin } from './fixtures'

const { plugin, pipeline } = testNotificationsPlugin()
let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ plugins: [plugin] })
})
afterAll(() => app.close())
beforeEach(() => pipeline.reset())

const BROADCAST = `mutation($data: BroadcastMessageInput!) { broadcastMessage(data: $data) { messageIds created } }`
const meta = { title: 'Water', body: 'Off on Monday 9-12' }
const count = () => (app.context.prisma as any).message.count()
/** A phone of one of the organization's contacts: staff broadcast only to people their organization deals with. */
async function contactPhone(organizationId: string) {
  return (await createContact(app.context, { organization: organizationId, phone: usPhone() })).phone as string
}

function broadcast(who: object | undefined, data: object) {
  return as(app.context, who as any).graphql.raw({ query: BROADCAST, variables: { data } })
}

test('staff holding broadcast in the organization, and admins, may; everyone else is refused and nothing is written', async () => {
  const org = await createOrganization(app.context)
  const other = await createOrganization(app.context)
  const callers = {
    anonymous: [undefined, 'AUTHENTICATION_REQUIRED'],
    resident: [await createUser(app.context, { type: 'resident' }), 'FORBIDDEN'],
    staffWithoutBroadcast: [await createStaff(app.context, org.id, ['manageMessages']), 'FORBIDDEN'],
    otherOrganizationStaff: [await createStaff(app.context, other.id, ['broadcast']), 'FORBIDDEN'],
    staffWithBroadcast: [await createStaff(app.context, org.id, ['broadcast']), null],
    admin: [await createUser(app.context, { isAdmin: true }), null],
  } as const
  for (const [name, [who, code]] of Object.entries(callers)) {
    const before = await count()
    const recipients = [{ phone: await contactPhone(org.id) }, { phone: await contactPhone(org.id) }]
    const res = await broadcast(who, { organizationId: org.id, type: 'TEST_NOTICE', meta, recipients })
    expect([name, res.errors?.[0]?.extensions?.code ?? null]).toEqual([name, code])
    expect(await count()).toBe(before + (code ? 0 : 2))
  }
  await drain(app)
  expect(pipeline.log).toHaveLength(4)
})

test('each recipient gets the message once; the same uniqKey again sends nothing new', async () => {
  const org = await createOrganization(app.context)
  const staff = await createStaff(app.context, org.id, ['broadcast'])
  const colleague = await createStaff(app.context, org.id)
  await createContact(app.context, { organization: org.id, email: 'tenant.b@example.com' })
  const recipients = [{ userId: colleague.id }, { phone: await contactPhone(org.id) }, { email: 'Tenant.B@Example.com' }]
  const data = { organizationId: org.id, type: 'TEST_NOTICE', meta, locale: 'ru', uniqKey: 'water-2026-11-23', recipients }
  const first = await broadcast(staff, data)
  expect(first.errors).toBeUndefined()
  expect((first.data as any).broadcastMessage).toMatchObject({ created: 3, messageIds: [expect.any(String), expect.any(String), expect.any(String)] })
  const again = await broadcast(staff, data)
  expect((again.data as any).broadcastMessage).toEqual({ created: 0, messageIds: (first.data as any).broadcastMessage.messageIds })
  await drain(app)
  expect(pipeline.log).toHaveLength(3)
  expect(pipeline.log.every(s => s.content.text === 'Внимание, Water: Off on Monday 9-12')).toBe(true)
})

test('a bad recipient names its index and nothing is written; empty lists and system-only types are refused', async () => {
  const org = await createOrganization(app.context)
  const staff = await createStaff(app.context, org.id, ['broadcast'])
  const before = await count()
  const bad = await broadcast(staff, { organizationId: org.id, type: 'TEST_NOTICE', meta, recipients: [{ phone: await contactPhone(org.id) }, { phone: '12' }] })
  expect(bad.errors?.[0].extensions).toMatchObject({ code: 'WRONG_PHONE_FORMAT', index: 1 })
  const empty = await broadcast(staff, { organizationId: org.id, type: 'TEST_NOTICE', meta, recipients: [] })
  expect(empty.errors?.[0].extensions?.code).toBe('WRONG_RECIPIENTS')
  const secret = await broadcast(staff, { organizationId: org.id, type: 'TEST_SECRET', meta: { code: '1234' }, recipients: [{ phone: await contactPhone(org.id) }] })
  expect(secret.errors?.[0].extensions?.code).toBe('MESSAGE_TYPE_NOT_ALLOWED')
  const meta0 = await broadcast(staff, { organizationId: org.id, type: 'TEST_NOTICE', meta: { title: '' }, recipients: [{ phone: await contactPhone(org.id) }] })
  expect(meta0.errors?.[0].extensions).toMatchObject({ code: 'INVALID_MESSAGE_META', index: 0 })
  expect(await count()).toBe(before)
})

test('a recipient outside the organization gets the same answer as one that does not exist, with its index, and nothing is written', async () => {
  const org = await createOrganization(app.context)
  const other = await createOrganization(app.context)
  const staff = await createStaff(app.context, org.id, ['broadcast'])
  const foreignStaff = await createStaff(app.context, other.id)
  const own = { phone: await contactPhone(org.id) }
  const before = await count()
  const answers = []
  for (const stranger of [{ userId: foreignStaff.id }, { userId: 'cl0000000000000000000000' }, { phone: await contactPhone(other.id) }, { email: 'nobody@example.com' }]) {
    const res = await broadcast(staff, { organizationId: org.id, type: 'TEST_NOTICE', meta, recipients: [own, own, stranger] })
    answers.push({ code: res.errors?.[0].extensions?.code, index: res.errors?.[0].extensions?.index, message: res.errors?.[0].message })
  }
  expect(new Set(answers.map(a => JSON.stringify(a))).size).toBe(1)
  expect(answers[0]).toMatchObject({ code: 'RECIPIENT_NOT_FOUND', index: 2 })
  expect(await count()).toBe(before)
})
