// The sweeper rebuilds the queue from the database: stuck messages are enqueued again, once, and
// delivered once; messages waiting for a retry or still fresh are left alone.
import { configRegistry } from '../../plugins/kernel'
import { sweepMessagesTask } from '../../tasks/sweep-messages'
import { startTestApp, type TestApp } from '../harness/app'
import { drain, messageById, testNotificationsPlugin } from '../plugins/notifications/fixtures'

const { plugin, pipeline } = testNotificationsPlugin()
let app: TestApp
let prisma: any
beforeAll(async () => {
  app = await startTestApp({ plugins: [plugin], env: { NOTIFICATIONS_STUCK_AFTER_SECONDS: '1' } })
  prisma = app.context.prisma
  await drain(app) // the workers' start-up sweep must not take part in the tests' sweeps
})
afterAll(() => app.close())

const meta = { title: 'Heating', body: 'Back on' }
const ago = (ms: number) => new Date(Date.now() - ms)

/** `freshProcess`: as the first sweep of another worker process, which looks at every message. */
function sweep(options: { freshProcess?: boolean } = {}) {
  const registry = configRegistry(app.config)
  return sweepMessagesTask.run({}, {
    context: app.context.sudo(),
    // the sweeper remembers its last sweep over every message per registry: a new object is a new process
    registry: options.freshProcess ? Object.create(registry) : registry,
    job: { jobId: 'sweep-test', attempt: 1, progress: async () => {} },
    enqueue: async () => undefined,
  }) as Promise<{ requeued: number }>
}

async function row(phone: string, data: object) {
  return prisma.message.create({ data: { type: 'TEST_NOTICE', phone, recipientKey: `phone-${phone}`, meta, ...data } })
}

test('stuck messages are re-enqueued exactly once by concurrent sweepers and delivered once', async () => {
  pipeline.reset()
  // enqueue lost (Redis flushed before the worker took it); a worker died holding the lease; a retry
  // whose job vanished; and a message that was in fact sent, but whose final write was lost
  const lost = await row('+14155553001', { status: 'sending', dueAt: ago(60_000) })
  const dead = await row('+14155553002', { status: 'processing', leaseUntil: ago(30_000), dueAt: ago(30_000) })
  const fresh = await row('+14155553003', { status: 'sending', dueAt: new Date() })
  const waiting = await row('+14155553004', { status: 'processing', dueAt: new Date(Date.now() + 60_000) })
  const done = await row('+14155553005', { status: 'sent', dueAt: ago(60_000) })
  // a run holds it: the claim sets only the lease, so its due time is long past, but the lease is live
  const held = await row('+14155553007', { status: 'sending', dueAt: ago(60_000), leaseUntil: new Date(Date.now() + 60_000) })

  const results = await Promise.all([sweep(), sweep(), sweep()])
  expect(results.reduce((sum, r) => sum + r.requeued, 0)).toBe(2)
  await drain(app)

  expect((await messageById(app, lost.id)).status).toBe('sent')
  expect((await messageById(app, dead.id)).status).toBe('sent')
  expect(pipeline.log.map(s => s.address).sort()).toEqual(['+14155553001', '+14155553002'])
  for (const untouched of [fresh, waiting, done, held]) {
    expect(await messageById(app, untouched.id)).toMatchObject({ status: untouched.status, generation: 1 })
  }
  expect((await messageById(app, lost.id)).generation).toBe(2)
})

test('a message whose send was recorded but whose final write was lost is finished without a second send', async () => {
  pipeline.reset()
  const message = await row('+14155553006', { status: 'sending' })
  const { enqueueDelivery } = await import('../../tasks/delivery/send-message')
  await enqueueDelivery(configRegistry(app.config), undefined, message.id, 1)
  await drain(app)
  expect(pipeline.log).toHaveLength(1)
  // as if the process died after the 'sent' row but before the message's final status
  await prisma.message.update({ where: { id: message.id }, data: { status: 'processing', leaseUntil: ago(5_000), dueAt: ago(5_000) } })
  // (the first test's untouched rows may have become stuck by now: count only this message)
  await sweep()
  await drain(app)
  expect(await messageById(app, message.id)).toMatchObject({ status: 'sent', generation: 2 })
  expect(pipeline.log.filter(s => s.address === '+14155553006')).toHaveLength(1)
})

test('a sweep looks at the last half hour of due messages, the first sweep of a worker at all of them', async () => {
  pipeline.reset()
  const HOUR = 60 * 60 * 1000
  // left behind while every worker was down for hours, and stuck a few minutes ago
  const old = await row('+14155553011', { status: 'sending', dueAt: ago(3 * HOUR) })
  const recent = await row('+14155553012', { status: 'sending', dueAt: ago(10 * 60_000) })

  // this process swept everything when it started (beforeAll): now only the recent window
  await sweep()
  await drain(app)
  expect(pipeline.log.map(s => s.address).filter(a => a === '+14155553011' || a === '+14155553012')).toEqual(['+14155553012'])
  expect(await messageById(app, old.id)).toMatchObject({ status: 'sending', generation: 1 })
  expect((await messageById(app, recent.id)).status).toBe('sent')

  // a worker that starts now sweeps every message once
  await sweep({ freshProcess: true })
  await drain(app)
  expect(await messageById(app, old.id)).toMatchObject({ status: 'sent', generation: 2 })
  expect(pipeline.log.filter(s => s.address === '+14155553011')).toHaveLength(1)
})

test('short unsubscribe links a week past expiry are deleted; newer ones stay', async () => {
  const DAY = 24 * 60 * 60 * 1000
  const link = (code: string, expiresAt: Date) =>
    prisma.unsubscribeShortLink.create({ data: { codeHash: `hash-${code}`, recipientKey: 'phone-+14155553100', messageType: '', channel: 'sms', expiresAt } })
  await link('old', ago(8 * DAY))
  await link('recent', ago(6 * DAY))
  await link('live', new Date(Date.now() + DAY))
  const result = (await sweep()) as { purged?: number }
  expect(result.purged).toBe(1)
  const left = await prisma.unsubscribeShortLink.findMany({ where: { recipientKey: 'phone-+14155553100' }, select: { codeHash: true } })
  expect(left.map((row: any) => row.codeHash).sort()).toEqual(['hash-live', 'hash-recent'])
})
