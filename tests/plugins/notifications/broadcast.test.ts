// broadcastMessage: the staff fan-out. Who may (broadcast permission in the organization), what a bad
// recipient does (its index, nothing written), and that each recipient gets the message once.
import { startTestApp, type TestApp } from '../../harness/app'
import { as, createOrganization, createStaff, createUser } from '../../harness/factories'
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
let seq = 0
const phone = () => `+1415558${String(1000 + ++seq).padStart(4, '0')}`

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
    const res = await broadcast(who, { organizationId: org.id, type: 'TEST_NOTICE', meta, recipients: [{ phone: phone() }, { phone: phone() }] })
    expect([name, res.errors?.[0]?.extensions?.code ?? null]).toEqual([name, code])
    expect(await count()).toBe(before + (code ? 0 : 2))
  }
  await drain(app)
  expect(pipeline.log).toHaveLength(4)
})

test('each recipient gets the message once; the same uniqKey again sends nothing new', async () => {
  const org = await createOrganization(app.context)
  const staff = await createStaff(app.context, org.id, ['broadcast'])
  const resident = await createUser(app.context, { type: 'resident' })
  const recipients = [{ userId: resident.id }, { phone: phone() }, { email: 'Tenant.B@Example.com' }]
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
  const bad = await broadcast(staff, { organizationId: org.id, type: 'TEST_NOTICE', meta, recipients: [{ phone: phone() }, { phone: '12' }] })
  expect(bad.errors?.[0].extensions).toMatchObject({ code: 'WRONG_PHONE_FORMAT', index: 1 })
  const empty = await broadcast(staff, { organizationId: org.id, type: 'TEST_NOTICE', meta, recipients: [] })
  expect(empty.errors?.[0].extensions?.code).toBe('WRONG_RECIPIENTS')
  const secret = await broadcast(staff, { organizationId: org.id, type: 'TEST_SECRET', meta: { code: '1234' }, recipients: [{ phone: phone() }] })
  expect(secret.errors?.[0].extensions?.code).toBe('MESSAGE_TYPE_NOT_ALLOWED')
  const meta0 = await broadcast(staff, { organizationId: org.id, type: 'TEST_NOTICE', meta: { title: '' }, recipients: [{ phone: phone() }] })
  expect(meta0.errors?.[0].extensions).toMatchObject({ code: 'INVALID_MESSAGE_META', index: 0 })
  expect(await count()).toBe(before)
})
