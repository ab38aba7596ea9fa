// The batch delivery task (a fan-out's jobs): each message of a batch gets its own policy outcome, and
// a message that needs another run — a transient failure, a provider's retry-after, a lease held by
// another run — goes on in a job of its own, counting runs and backoff from where the batch left it.
import { configRegistry } from '../../plugins/kernel'
import { sendMessages } from '../../plugins/notifications'
import { TransientTransportError } from '../../adapters/transport/types'
import { providerOf } from '../../adapters/database'
import { deliverMessagesTask } from '../../tasks/deliver-message'
import { deliverBatch } from '../../tasks/delivery/deliver-batch'
import { startTestApp, type TestApp } from '../harness/app'
import { createOrganization, createUser } from '../harness/factories'
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
let seq = 0
const phone = () => `+1415557${String(1000 + ++seq).padStart(4, '0')}`
const notice = (to: object, extra: object = {}) => ({ type: 'TEST_NOTICE', to, meta, ...extra })
const outcomes = (message: any) => (message.trace as any[]).map(e => [e.outcome, e.channel, e.transport].filter(Boolean).join(' '))

async function fanOut(inputs: object[]) {
  const results = await sendMessages(app.context, inputs as any)
  await drain(app)
  return Promise.all(results.map(r => messageById(app, r.id)))
}

test('one batch, each message its own outcome: blacklists, preferences, opt-outs, and the rest sent', async () => {
  const org = await createOrganization(app.context)
  const [blocked, optedOut, fine, ordered] = await Promise.all(Array.from({ length: 4 }, () => createUser(app.context, { type: 'resident' })))
  const anonymous = phone()
  const orgBlocked = await createOrganization(app.context)
  await prisma.messageUserBlackList.create({ data: { userId: blocked.id, messageType: 'TEST_NOTICE', reason: 'asked us' } })
  await prisma.notificationUserSetting.create({ data: { userId: optedOut.id, messageType: '', channel: '', isEnabled: false, settingKey: `${optedOut.id}|*|*` } })
  await prisma.notificationUserSetting.create({ data: { userId: ordered.id, channelOrder: 'email,sms', isEnabled: true, settingKey: `${ordered.id}|*|*` } })
  await prisma.notificationAnonymousSetting.create({ data: { phone: anonymous, messageType: 'TEST_NOTICE', isEnabled: false, settingKey: `phone-${anonymous}|TEST_NOTICE` } })
  await prisma.messageOrganizationBlackList.create({ data: { organizationId: orgBlocked.id, messageType: '', reason: 'unpaid' } })

  const messages = await fanOut([
    notice({ userId: blocked.id }, { organizationId: org.id }),
    notice({ userId: optedOut.id }),
    notice({ phone: anonymous }),
    notice({ userId: fine.id }, { organizationId: orgBlocked.id }),
    notice({ userId: fine.id }, { organizationId: org.id }),
    notice({ userId: ordered.id }),
    notice({ phone: phone() }),
  ])
  expect(messages.map((m: any) => m.status)).toEqual(['blacklisted', 'disabledByUser', 'disabledByUser', 'blacklisted', 'sent', 'sent', 'sent'])
  expect(messages[0].trace[0].error).toMatch(/recipient blacklist \(TEST_NOTICE\): asked us/)
  expect(messages[3].trace[0].error).toMatch(/organization blacklist \(every type\): unpaid/)
  expect(outcomes(messages[5])).toEqual(['sent email email-smtp'])
  expect(messages.every((m: any) => m.trace.every((e: any) => e.run === 1))).toBe(true)
  expect(pipeline.log.map(s => s.address).sort()).toEqual([`email-of-${ordered.id}`, `sms-of-${fine.id}`, messages[6].phone].sort())
})

test('a transient failure in a batch goes on in its own job: runs and backoff continue, the others are sent once', async () => {
  // the first run of each of the three fails; on the second runs, whichever comes first fails again
  const transient = () => new TransientTransportError('timeout')
  pipeline.sms.failWith(transient(), transient(), transient(), transient())
  const messages = await fanOut([notice({ phone: phone() }), notice({ phone: phone() }), notice({ phone: phone() })])
  expect(messages.map((m: any) => m.status)).toEqual(['sent', 'sent', 'sent'])
  expect(messages.map((m: any) => m.trace.at(-1).run).sort()).toEqual([2, 2, 3])
  const message = messages.find((m: any) => m.trace.at(-1).run === 3)
  expect(outcomes(message)).toEqual(['transient sms sms-primary', 'retry', 'transient sms sms-primary', 'retry', 'sent sms sms-primary'])
  expect(message.trace.map((e: any) => e.run)).toEqual([1, 1, 2, 2, 3])
  const runs = message.trace.filter((e: any) => e.outcome !== 'retry').map((e: any) => Date.parse(e.at))
  expect(runs[1] - runs[0]).toBeGreaterThanOrEqual(40 - 5) // backoffMs 40
  expect(runs[2] - runs[1]).toBeGreaterThanOrEqual(80 - 5) // doubled, as if the batch run had been a job of its own
  expect(message.deliveries[0]).toMatchObject({ status: 'sent', attempts: 3 })
  expect(pipeline.sms.sent).toHaveLength(3)
  expect(new Set(pipeline.sms.sent.map(s => s.idempotencyKey)).size).toBe(3)
})

test("a provider's retry-after in a batch delays that message's next run", async () => {
  pipeline.sms.failWith(new TransientTransportError('rate limited', 429, 300))
  const [message] = await fanOut([notice({ phone: phone() })])
  expect(message.status).toBe('sent')
  const [failed, retry, sent] = message.trace
  expect(retry).toMatchObject({ outcome: 'retry', retryAfterMs: 300 })
  expect(Date.parse(sent.at) - Date.parse(failed.at)).toBeGreaterThanOrEqual(300 - 5)
})

test('a message of the batch held by a live lease is run after the lease; a final one is left alone', async () => {
  const row = (data: object) =>
    prisma.message.create({ data: { type: 'TEST_NOTICE', recipientKey: `phone-${seq}`, phone: phone(), meta, ...data }, select: { id: true } })
  const held = await row({ status: 'processing', leaseUntil: new Date(Date.now() + 300) })
  const free = await row({})
  const done = await row({ status: 'sent' })
  const registry = configRegistry(app.config)
  const queue = registry.one('queue')
  const summary = await deliverMessagesTask.run(
    { messageIds: [held.id, free.id, done.id] },
    { context: app.context.sudo(), job: { jobId: 'manual-batch', attempt: 1, progress: async () => {} }, registry, enqueue: async () => undefined }
  )
  expect(summary).toEqual({ sent: 1, held: 1, skipped: 1 })
  expect(pipeline.log).toHaveLength(1)
  await queue.drain(10_000)
  const later = await messageById(app, held.id)
  expect(later.status).toBe('sent')
  expect(Date.parse(later.trace[0].at)).toBeGreaterThanOrEqual(later.createdAt.getTime() + 300 - 5)
  expect(pipeline.log).toHaveLength(2)
  expect((await messageById(app, done.id)).trace ?? []).toEqual([])
})

test('a batch whose end cannot be written is given back with the error on its trace and what it sent: the next run does not send again', async () => {
  const message = await prisma.message.create({ data: { type: 'TEST_NOTICE', recipientKey: `phone-${phone()}`, phone: phone(), meta } })
  // the database refuses this message's final state (a trigger), as a failing end statement would
  const postgres = providerOf(prisma) === 'postgresql'
  const refuse = postgres
    ? [
        `CREATE FUNCTION refuse_end() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.status = 'sent' AND NEW.id = '${message.id}' THEN RAISE EXCEPTION 'end refused (test)'; END IF; RETURN NEW; END $$`,
        `CREATE TRIGGER refuse_end BEFORE UPDATE ON "Message" FOR EACH ROW EXECUTE FUNCTION refuse_end()`,
      ]
    : [`CREATE TRIGGER refuse_end BEFORE UPDATE OF status ON "Message" WHEN NEW.status = 'sent' AND NEW.id = '${message.id}' BEGIN SELECT RAISE(ABORT, 'end refused (test)'); END`]
  for (const sql of refuse) await prisma.$executeRawUnsafe(sql)
  // SQLite's RAISE(ABORT) reaches us as Prisma's constraint error
  const refused = postgres ? /end refused \(test\)/ : /constraint/i
  const scope = { context: app.context, registry: configRegistry(app.config) }
  try {
    await expect(deliverBatch([{ messageId: message.id, run: 1 }], scope)).rejects.toThrow(refused)
  } finally {
    for (const sql of postgres ? ['DROP TRIGGER refuse_end ON "Message"', 'DROP FUNCTION refuse_end()'] : ['DROP TRIGGER refuse_end']) await prisma.$executeRawUnsafe(sql)
  }
  const givenBack = await messageById(app, message.id)
  expect(givenBack).toMatchObject({ status: 'processing', leaseUntil: null })
  expect(outcomes(givenBack)).toEqual(['sent sms sms-primary', 'error'])
  expect(givenBack.trace[1].error).toMatch(/^the delivery run failed: /)
  expect(givenBack.trace[1].error).toMatch(refused)
  expect(givenBack.deliveries).toMatchObject([{ status: 'sent', transport: 'sms-primary' }])

  const [next] = await deliverBatch([{ messageId: message.id, run: 2 }], scope)
  expect(next).toMatchObject({ kind: 'done', status: 'sent' })
  expect(pipeline.sms.sent).toHaveLength(1) // the row said it was sent: never again
})
