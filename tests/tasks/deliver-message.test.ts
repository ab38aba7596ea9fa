// The delivery task end to end on the inline queue: each status outcome, fallback order, retries with
// backoff and retry-after, and the guarantee that a re-run never re-sends what was sent.
import { configRegistry } from '../../plugins/kernel'
import { sendMessage } from '../../plugins/notifications'
import { InvalidAddressError, PermanentTransportError, TransientTransportError } from '../../adapters/transport/types'
import { deliverMessage } from '../../tasks/deliver-message'
import { COMMIT_WAITS } from '../../tasks/delivery/names'
import { idempotencyKey } from '../../tasks/delivery/send-on-channel'
import { startTestApp, type TestApp } from '../harness/app'
import { as, createOrganization, createUser } from '../harness/factories'
import { drain, messageById, testNotificationsPlugin } from '../plugins/notifications/fixtures'

const { plugin, pipeline } = testNotificationsPlugin()
let app: TestApp
let prisma: any
beforeAll(async () => {
  app = await startTestApp({ plugins: [plugin] })
  prisma = app.context.prisma
})
afterAll(() => app.close())
beforeEach(() => pipeline.reset())

const meta = { title: 'Water', body: 'Off on Monday' }
let phoneSeq = 0
const nextPhone = () => `+1415555${String(2000 + ++phoneSeq).padStart(4, '0')}`

async function deliver(input: { type?: string; to?: object; organizationId?: string; meta?: object; locale?: string }) {
  const sent = await sendMessage(app.context, { type: 'TEST_NOTICE', to: { phone: nextPhone() }, meta, ...input } as any)
  await drain(app)
  return messageById(app, sent.id)
}

const outcomes = (message: any) => (message.trace as any[]).map(e => [e.outcome, e.channel, e.transport].filter(Boolean).join(' '))

describe('policy outcomes', () => {
  test('an organization kill switch blacklists every non-critical type; a per-type entry only that type', async () => {
    const org = await createOrganization(app.context)
    const other = await createOrganization(app.context)
    await prisma.messageOrganizationBlackList.create({ data: { organizationId: other.id, messageType: 'TEST_ALL', reason: 'complaints' } })
    expect((await deliver({ organizationId: other.id })).status).toBe('sent')
    expect((await deliver({ organizationId: other.id, type: 'TEST_ALL' })).status).toBe('blacklisted')

    await prisma.messageOrganizationBlackList.create({ data: { organizationId: org.id, messageType: '', reason: 'unpaid' } })
    const stopped = await deliver({ organizationId: org.id })
    expect(stopped.status).toBe('blacklisted')
    expect(stopped.trace[0].error).toMatch(/unpaid/)
    pipeline.reset()
    const critical = await deliver({ organizationId: org.id, type: 'TEST_CRITICAL' })
    expect(critical.status).toBe('sent')
    expect(pipeline.log).toHaveLength(1)
  })

  test('a recipient blacklist (user, phone or email; one type or all) blacklists; critical types pass', async () => {
    const user = await createUser(app.context, { type: 'resident' })
    await prisma.messageUserBlackList.create({ data: { userId: user.id, messageType: '', reason: 'asked us by phone' } })
    expect((await deliver({ to: { userId: user.id } })).status).toBe('blacklisted')
    await prisma.messageUserBlackList.create({ data: { phone: '+14155559999', messageType: 'TEST_NOTICE', reason: 'wrong number' } })
    expect((await deliver({ to: { phone: '+14155559999' } })).status).toBe('blacklisted')
    expect((await deliver({ to: { phone: '+14155559999' }, type: 'TEST_ALL' })).status).toBe('sent')
    expect((await deliver({ to: { userId: user.id }, type: 'TEST_CRITICAL' })).status).toBe('sent')
  })

  test('preferences: a type turned off is disabledByUser; a channel turned off falls back; critical ignores them', async () => {
    const user = await createUser(app.context, { type: 'resident' })
    const off = await prisma.notificationUserSetting.create({
      data: { userId: user.id, messageType: 'TEST_NOTICE', channel: '', isEnabled: false, settingKey: `${user.id}|TEST_NOTICE|*` },
    })
    const disabled = await deliver({ to: { userId: user.id } })
    expect(disabled.status).toBe('disabledByUser')
    expect((await deliver({ to: { userId: user.id }, type: 'TEST_CRITICAL' })).status).toBe('sent')
    await prisma.notificationUserSetting.delete({ where: { id: off.id } })

    await prisma.notificationUserSetting.create({ data: { userId: user.id, messageType: '', channel: 'sms', isEnabled: false, settingKey: `${user.id}|*|sms` } })
    pipeline.reset()
    const viaEmail = await deliver({ to: { userId: user.id } })
    expect(viaEmail.status).toBe('sent')
    expect(outcomes(viaEmail)).toEqual(['skipped sms', 'sent email email-smtp'])
    expect(pipeline.sms.sent).toHaveLength(0)
  })

  test('global defaults apply unless the user overrides them', async () => {
    const user = await createUser(app.context, { type: 'resident' })
    const other = await createUser(app.context, { type: 'resident' })
    await prisma.notificationUserSetting.create({ data: { messageType: 'TEST_ALL', channel: '', isEnabled: false, settingKey: '*|TEST_ALL|*' } })
    await prisma.notificationUserSetting.create({ data: { userId: user.id, messageType: 'TEST_ALL', channel: 'email', isEnabled: true, settingKey: `${user.id}|TEST_ALL|email` } })
    expect((await deliver({ to: { userId: other.id }, type: 'TEST_ALL' })).status).toBe('disabledByUser')
    pipeline.reset()
    expect((await deliver({ to: { userId: user.id }, type: 'TEST_ALL' })).status).toBe('sent')
    expect(pipeline.log.map(s => s.transport)).toEqual(['email-smtp'])
    await prisma.notificationUserSetting.deleteMany({ where: { messageType: 'TEST_ALL' } })
  })

  test('an anonymous opt-out (from the unsubscribe link) stops non-critical messages to that address', async () => {
    const phone = nextPhone()
    await prisma.notificationAnonymousSetting.create({ data: { phone, messageType: '', isEnabled: false, settingKey: `phone-${phone}|*` } })
    expect((await deliver({ to: { phone } })).status).toBe('disabledByUser')
    expect((await deliver({ to: { phone }, type: 'TEST_CRITICAL' })).status).toBe('sent')
  })

  test('a throttled type sends once per window per recipient; another recipient is not affected', async () => {
    const phone = nextPhone()
    expect((await deliver({ to: { phone }, type: 'TEST_THROTTLED' })).status).toBe('sent')
    const second = await deliver({ to: { phone }, type: 'TEST_THROTTLED' })
    expect(second.status).toBe('throttled')
    expect(second.trace[0].error).toMatch(/throttled/)
    expect((await deliver({ type: 'TEST_THROTTLED' })).status).toBe('sent')
  })
})

describe('channels and transports in order', () => {
  test('a permanent failure falls back to the next transport, then to the next channel', async () => {
    pipeline.sms.failWith(new PermanentTransportError('account suspended', 20003))
    const viaBackup = await deliver({})
    expect(viaBackup.status).toBe('sent')
    expect(outcomes(viaBackup)).toEqual(['permanent sms sms-primary', 'sent sms sms-backup'])
    expect(viaBackup.trace[0].error).toBe('account suspended (20003)')

    pipeline.reset()
    pipeline.sms.failWith(new PermanentTransportError('no'))
    pipeline.smsBackup.failWith(new PermanentTransportError('no'))
    const user = await createUser(app.context, { type: 'resident' })
    const viaEmail = await deliver({ to: { userId: user.id } })
    expect(outcomes(viaEmail)).toEqual(['permanent sms sms-primary', 'permanent sms sms-backup', 'sent email email-smtp'])
    expect(viaEmail.deliveries.map((d: any) => [d.channel, d.status]).sort()).toEqual([['email', 'sent'], ['sms', 'failed']])
  })

  test('an invalid address is pruned through the channel and not tried on another transport', async () => {
    pipeline.sms.failWith(new InvalidAddressError('unregistered'))
    const user = await createUser(app.context, { type: 'resident' })
    const message = await deliver({ to: { userId: user.id } })
    expect(outcomes(message)).toEqual(['invalidAddress sms sms-primary', 'sent email email-smtp'])
    expect(pipeline.pushPruned).toEqual([`sms-of-${user.id}`])
    expect(pipeline.smsBackup.calls).toBe(0)
  })

  test("the recipient's preferred channel order wins over the type's", async () => {
    const user = await createUser(app.context, { type: 'resident' })
    await prisma.notificationUserSetting.create({ data: { userId: user.id, channelOrder: 'email,sms', isEnabled: true, settingKey: `${user.id}|*|*` } })
    const message = await deliver({ to: { userId: user.id } })
    expect(outcomes(message)).toEqual(['sent email email-smtp'])
  })

  test("strategy 'all' sends on every channel", async () => {
    const user = await createUser(app.context, { type: 'resident' })
    const message = await deliver({ to: { userId: user.id }, type: 'TEST_ALL' })
    expect(message.status).toBe('sent')
    expect(pipeline.log.map(s => s.transport)).toEqual(['sms-primary', 'email-smtp'])
  })

  test('non-critical sms and email carry a working unsubscribe link; critical ones do not', async () => {
    await deliver({})
    expect(pipeline.sms.sent[0].content.unsubscribeUrl).toMatch(/^http:\/\/localhost:\d+\/api\/notifications\/unsubscribe\?token=[\w-]+\.[\w-]+$/)
    pipeline.reset()
    await deliver({ type: 'TEST_CRITICAL' })
    expect(pipeline.sms.sent[0].content.unsubscribeUrl).toBeUndefined()
  })
})

describe('retries', () => {
  test('a transient failure is retried with exponential backoff, resuming on the same transport', async () => {
    pipeline.sms.failWith(new TransientTransportError('timeout'), new TransientTransportError('503'))
    const message = await deliver({})
    expect(message.status).toBe('sent')
    expect(outcomes(message)).toEqual(['transient sms sms-primary', 'retry', 'transient sms sms-primary', 'retry', 'sent sms sms-primary'])
    const runs = message.trace.filter((e: any) => e.outcome !== 'retry').map((e: any) => Date.parse(e.at))
    expect(runs[1] - runs[0]).toBeGreaterThanOrEqual(40 - 5) // backoffMs 40
    expect(runs[2] - runs[1]).toBeGreaterThanOrEqual(80 - 5) // doubled
    expect(message.trace.map((e: any) => e.run)).toEqual([1, 1, 2, 2, 3])
    expect(message.deliveries).toHaveLength(1)
    expect(message.deliveries[0]).toMatchObject({ status: 'sent', attempts: 3, transport: 'sms-primary' })
  })

  test("a provider's retry-after is honoured instead of the backoff", async () => {
    pipeline.sms.failWith(new TransientTransportError('rate limited', 429, 300))
    const message = await deliver({})
    expect(message.status).toBe('sent')
    const [failed, retry, sent] = message.trace
    expect(retry).toMatchObject({ outcome: 'retry', retryAfterMs: 300 })
    expect(Date.parse(sent.at) - Date.parse(failed.at)).toBeGreaterThanOrEqual(300 - 5)
  })

  test('on the last run a transient failure falls through; with nothing left the message ends in error', async () => {
    const transient = () => new TransientTransportError('down')
    pipeline.sms.failWith(transient(), transient(), transient())
    pipeline.smsBackup.failWith(transient())
    pipeline.email.failWith(transient())
    const message = await deliver({ to: { email: 'resident@test.example' } })
    // email recipients have no sms address in this fixture: both channels resolve the email address
    expect(message.status).toBe('error')
    expect(outcomes(message)).toEqual([
      'transient sms sms-primary',
      'retry',
      'transient sms sms-primary',
      'retry',
      'transient sms sms-primary',
      'transient sms sms-backup',
      'transient email email-smtp',
      'error',
    ])
  })
})

describe('never re-sending', () => {
  const runDelivery = (messageId: string, attempt = 1) =>
    deliverMessage(
      { messageId, attempts: 3, backoffMs: 40 },
      { context: app.context.sudo(), job: { jobId: `manual-${attempt}`, attempt, progress: async () => {} }, registry: configRegistry(app.config) }
    )

  test('a second run of a sent message sends nothing', async () => {
    const message = await deliver({})
    expect(await runDelivery(message.id)).toEqual({ skipped: 'sent' })
    // even forced back to processing (a run that died after sending), the sent row stops a second send
    await prisma.message.update({ where: { id: message.id }, data: { status: 'processing', leaseUntil: null } })
    await runDelivery(message.id)
    expect(pipeline.log).toHaveLength(1)
    expect((await messageById(app, message.id)).status).toBe('sent')
  })

  test("a crash between the provider's answer and our write re-sends once, with the same idempotency key", async () => {
    const message = await deliver({})
    const [first] = pipeline.sms.sent
    // what a crash right after transport.send leaves behind: the row still says 'sending'
    await prisma.messageDelivery.update({ where: { idempotencyKey: first.idempotencyKey }, data: { status: 'sending' } })
    await prisma.message.update({ where: { id: message.id }, data: { status: 'processing', leaseUntil: null } })
    await runDelivery(message.id)
    expect(pipeline.sms.sent.map(s => s.idempotencyKey)).toEqual([first.idempotencyKey, first.idempotencyKey])
    expect(first.idempotencyKey).toBe(idempotencyKey(message.id, 'sms', first.address))
    expect((await messageById(app, message.id)).deliveries[0]).toMatchObject({ status: 'sent', attempts: 2 })
  })

  test('a crash before the outcome row was written (none is written before the send) re-sends once, with the same key', async () => {
    const message = await deliver({})
    const [first] = pipeline.sms.sent
    // what a crash right after transport.send leaves behind now: no MessageDelivery row at all
    await prisma.messageDelivery.deleteMany({ where: { messageId: message.id } })
    await prisma.message.update({ where: { id: message.id }, data: { status: 'processing', leaseUntil: null } })
    await runDelivery(message.id)
    expect(pipeline.sms.sent.map(s => s.idempotencyKey)).toEqual([first.idempotencyKey, first.idempotencyKey])
    const rows = await prisma.messageDelivery.findMany({ where: { messageId: message.id } })
    expect(rows).toEqual([expect.objectContaining({ status: 'sent', attempts: 1, idempotencyKey: first.idempotencyKey })])
    expect((await messageById(app, message.id)).status).toBe('sent')
  })

  test('a run finding the message held by a live lease waits (retry-after) instead of sending', async () => {
    const row = await prisma.message.create({
      data: { type: 'TEST_NOTICE', phone: '+14155550999', recipientKey: 'phone-+14155550999', meta, status: 'processing', leaseUntil: new Date(Date.now() + 60_000) },
    })
    await expect(runDelivery(row.id)).rejects.toMatchObject({ name: 'RetryAfterError' })
    expect(await runDelivery(row.id, 3)).toEqual({ skipped: 'leased' })
    expect(pipeline.log).toHaveLength(0)
  })

  test("a message saved inside a caller's transaction, still missing after the last wait for its commit: the run stops", async () => {
    const job = { jobId: 'manual-commit', attempt: 1, progress: async () => {} }
    const payload = { messageId: 'cl_never_committed_0000000', attempts: 3, backoffMs: 40, commit: { xid: '1', waits: COMMIT_WAITS } }
    expect(await deliverMessage(payload, { context: app.context.sudo(), job, registry: configRegistry(app.config) })).toEqual({ skipped: 'missing' })
    // no further wait was enqueued (the next would be a minute away: the drain would time out)
    await drain(app)
  })

  test('an admin may cancel a message still sending, and the run then sends nothing', async () => {
    const admin = await createUser(app.context, { isAdmin: true })
    const row = await prisma.message.create({ data: { type: 'TEST_NOTICE', phone: '+14155550998', recipientKey: 'phone-+14155550998', meta } })
    const UPDATE = `mutation($id: ID!, $status: String!) { updateMessage(where: { id: $id }, data: { status: $status }) { status } }`
    const toSent = await as(app.context, admin).graphql.raw({ query: UPDATE, variables: { id: row.id, status: 'sent' } })
    expect(toSent.errors?.[0].message).toMatch(/only to canceled/)
    const canceled = await as(app.context, admin).graphql.raw({ query: UPDATE, variables: { id: row.id, status: 'canceled' } })
    expect(canceled.errors).toBeUndefined()
    expect(await runDelivery(row.id)).toEqual({ skipped: 'canceled' })
    expect(pipeline.log).toHaveLength(0)
  })
})

test('a secret type: meta is unreadable through the API by anyone, and cleared once delivered', async () => {
  const user = await createUser(app.context, { type: 'resident' })
  const admin = await createUser(app.context, { isAdmin: true })
  const row = await prisma.message.create({
    data: { type: 'TEST_SECRET', userId: user.id, recipientKey: `user-${user.id}`, meta: { code: '4321' }, isSecret: true },
  })
  const READ = `query($id: ID!) { message(where: { id: $id }) { id meta } }`
  for (const who of [user, admin]) {
    const res = await as(app.context, who).graphql.raw({ query: READ, variables: { id: row.id } })
    expect(JSON.stringify(res)).not.toContain('4321')
    expect((res.data as any).message).toEqual({ id: row.id, meta: null })
  }
  // (a sudo context bypasses access by design; it exists only in server code, never behind the API)

  const sent = await sendMessage(app.context, { type: 'TEST_SECRET', to: { userId: user.id }, meta: { code: '8765' } })
  await drain(app)
  expect(pipeline.sms.sent.at(-1)!.content.text).toBe('Your code is 8765')
  const stored = await messageById(app, sent.id)
  expect(stored.status).toBe('sent')
  expect(stored.meta).toBeNull()
  expect(JSON.stringify(stored.trace)).not.toContain('8765')
})
