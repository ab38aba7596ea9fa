// The embedded default: no provider configured, so every message goes to the dev outbox, which admins
// (only) read in the Admin UI. With NOTIFICATIONS_DEV_OUTBOX=off the same message fails with a clear trace.
import { definePlugin } from '../../../plugins/kernel'
import { sendMessage } from '../../../plugins/notifications'
import { devOutboxContent } from '../../../tasks/delivery/dev-outbox'
import { startTestApp, type TestApp } from '../../harness/app'
import { as, createOrganization, createStaff, createUser } from '../../harness/factories'
import { drain, messageById, TEST_TYPES } from './fixtures'

// message types only: no channel plugin, no transport
const typesOnly = definePlugin({ name: 'test-types', requires: ['notifications'], contributes: { messageTypes: Object.values(TEST_TYPES) } })

describe('with nothing configured', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await startTestApp({ plugins: [typesOnly] })
  })
  afterAll(() => app.close())

  test("each message is recorded in the dev outbox as the first channel would render it, with the unsubscribe link", async () => {
    const user = await createUser(app.context, { type: 'resident' })
    const { id } = await sendMessage(app.context, { type: 'TEST_NOTICE', to: { userId: user.id }, meta: { title: 'Lift', body: 'Repaired' }, locale: 'ru' })
    await drain(app)
    const message = await messageById(app, id)
    expect(message.status).toBe('sent')
    expect(message.trace.map((e: any) => [e.outcome, e.channel, e.transport])).toEqual([['sent', 'sms', 'devOutbox']])
    const entries = await (app.context.prisma as any).devOutboxEntry.findMany({ where: { messageId: id } })
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ channel: 'sms', address: `user-${user.id}`, locale: 'ru', preview: 'Внимание, Lift: Repaired' })
    expect(entries[0].content.unsubscribeUrl).toMatch(/\/api\/notifications\/unsubscribe\?token=/)
  })

  test("strategy 'all' records one entry per channel; the built-in CUSTOM_MESSAGE type works out of the box", async () => {
    const { id } = await sendMessage(app.context, { type: 'TEST_ALL', to: { email: 'a@test.example' }, meta: { title: 'T', body: 'B' } })
    const custom = await sendMessage(app.context, { type: 'CUSTOM_MESSAGE', to: { phone: '+14155554001' }, meta: { title: 'Hello', body: 'World' } })
    await drain(app)
    const entries = await (app.context.prisma as any).devOutboxEntry.findMany({ where: { messageId: id }, orderBy: { channel: 'desc' } })
    expect(entries.map((e: any) => [e.channel, e.preview])).toEqual([['sms', 'T: B'], ['email', 'T']])
    expect((await messageById(app, custom.id)).status).toBe('sent')
  })

  test('the dev outbox is read-only and visible to admins only', async () => {
    const org = await createOrganization(app.context)
    const admin = await createUser(app.context, { isAdmin: true })
    const staff = await createStaff(app.context, org.id, ['manageMessages'])
    const resident = await createUser(app.context, { type: 'resident' })
    const count = async (who: any) => (await as(app.context, who).graphql.raw({ query: '{ devOutboxEntriesCount }' })) as any
    expect((await count(admin)).data.devOutboxEntriesCount).toBeGreaterThan(0)
    for (const who of [staff, resident, undefined]) expect((await count(who)).data?.devOutboxEntriesCount ?? 0).toBe(0)
    const create = await as(app.context, admin).graphql.raw({ query: 'mutation { createDevOutboxEntry(data: { preview: "x" }) { id } }' })
    expect(create.errors?.[0].message).toMatch(/access denied/i)
  })
})

test('in production the dev outbox hides the text of secret types', () => {
  const input = { messageId: 'm1', type: TEST_TYPES.secret, locale: 'en', meta: { code: '1234' } }
  expect(JSON.stringify(devOutboxContent(input, 'sms', { text: 'Your code is 1234' }, false))).not.toContain('1234')
  expect(devOutboxContent(input, 'sms', { text: 'Your code is 1234' }, true).preview).toBe('Your code is 1234')
})

describe('with NOTIFICATIONS_DEV_OUTBOX=off', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await startTestApp({ plugins: [typesOnly], env: { NOTIFICATIONS_DEV_OUTBOX: 'off' } })
  })
  afterAll(() => app.close())

  test('a message with no usable channel ends in error, each channel skipped with the reason', async () => {
    const { id } = await sendMessage(app.context, { type: 'TEST_NOTICE', to: { phone: '+14155554002' }, meta: { title: 'a', body: 'b' } })
    await drain(app)
    const message = await messageById(app, id)
    expect(message.status).toBe('error')
    expect(message.trace.map((e: any) => [e.outcome, e.channel, e.error])).toEqual([
      ['skipped', 'sms', 'no such channel is installed'],
      ['skipped', 'email', 'no such channel is installed'],
      ['error', undefined, 'no channel delivered the message (see the entries above)'],
    ])
    expect(await (app.context.prisma as any).devOutboxEntry.count()).toBe(0)
  })
})
