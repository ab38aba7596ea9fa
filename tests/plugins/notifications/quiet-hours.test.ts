// Quiet hours in the delivery engine, with a clock the test controls: a non-urgent message inside the
// recipient's window is put off to the window's end by a delayed job (one run now, one at the end, no
// polling), on every channel; urgent and critical types go at once; the organization's default applies
// to people without their own row; a user's row turns it off. Plus the channels a recipient chooses:
// strategy 'all' with one channel failing, and the organization's default channel order.
import { PermanentTransportError } from '../../../adapters/transport/types'
import { sendMessage, sendMessages } from '../../../plugins/notifications'
import { configRegistry } from '../../../plugins/kernel'
import { DELIVER_BATCH_TASK, DELIVER_TASK } from '../../../tasks/delivery/names'
import { startTestApp, type TestApp } from '../../harness/app'
import { createOrganization, createUser } from '../../harness/factories'
import { settled, testClock, testNotificationsPlugin } from './fixtures'

const { plugin, pipeline } = testNotificationsPlugin()
const { clock, plugin: clockPlugin } = testClock('2026-07-01T12:00:00Z')
let app: TestApp
let prisma: any
beforeAll(async () => {
  app = await startTestApp({ plugins: [plugin, clockPlugin] })
  prisma = app.context.prisma
})
afterAll(() => app.close())
beforeEach(() => pipeline.reset())

const meta = { title: 'Water', body: 'Off on Saturday 9-12' }
// the tests that leave a message waiting for the morning leave its delayed job too: `drain` would wait for it
const final = (id: string) => settled(app, id, m => !['sending', 'processing'].includes(m.status))
const outcomes = (message: any) => (message.trace as any[]).map(e => e.outcome)

async function resident(quiet?: { timeZone: string; start?: string; end?: string; isEnabled?: boolean }) {
  const user = await createUser(app.context, { type: 'resident' })
  if (quiet) {
    await prisma.notificationQuietHoursSetting.create({
      data: { userId: user.id, userKey: user.id, start: '22:00', end: '07:00', isEnabled: true, ...quiet },
    })
  }
  return user
}

describe('a message inside the recipient quiet hours', () => {
  test('waits for the end of the window through a delayed job, then goes on every channel of an "all" type', async () => {
    const user = await resident({ timeZone: 'Europe/Berlin' })
    // 06:59:59.7 CEST on the morning after Berlin sprang forward: the window ends at 05:00Z, 300 ms away
    clock.set('2026-03-29T04:59:59.700Z')
    const { id } = await sendMessage(app.context, { type: 'TEST_ALL', to: { userId: user.id }, meta })
    const waiting = await settled(app, id)
    expect(waiting.status).toBe('processing')
    expect(outcomes(waiting)).toEqual(['quietHours'])
    expect(waiting.dueAt.toISOString()).toBe('2026-03-29T05:00:00.000Z')
    expect(pipeline.log).toHaveLength(0)

    clock.set('2026-03-29T05:00:00.100Z') // the delayed job fires after the 300 ms it was given
    const sent = await settled(app, id, m => m.status === 'sent')
    expect(outcomes(sent)).toEqual(['quietHours', 'sent', 'sent'])
    expect(pipeline.log.map(s => s.transport).sort()).toEqual(['email-smtp', 'sms-primary'])
    // the deferred run did not count as a delivery attempt
    expect((sent.trace as any[]).filter(e => e.outcome === 'sent').every(e => e.run === 1)).toBe(true)
  })

  test('its delayed job, run a moment before the window ends (a clock behind), puts it off again instead of losing it', async () => {
    const user = await resident({ timeZone: 'Europe/Berlin' })
    clock.set('2026-03-29T04:59:59.700Z') // the window ends at 05:00Z: the delayed job fires 300 ms later
    const { id } = await sendMessage(app.context, { type: 'TEST_NOTICE', to: { userId: user.id }, meta })
    // the clock stays behind while the job fires: each run finds the window still open and puts it off again
    // (lost before: the second deferral had the running job's own id, and the queue dropped it)
    const putOff = (m: any) => ((m.trace ?? []) as any[]).filter(e => e.outcome === 'quietHours').length
    const waiting = await settled(app, id, m => putOff(m) >= 3, 5_000)
    expect(waiting.status).toBe('processing')
    clock.set('2026-03-29T05:00:00.100Z')
    expect(outcomes(await settled(app, id, m => m.status === 'sent')).at(-1)).toBe('sent')
  })

  test('a batch put off waits as one batch job, not a job per message, and goes out together at the end', async () => {
    const users = [await resident({ timeZone: 'Europe/Berlin' }), await resident({ timeZone: 'Europe/Berlin' }), await resident({ timeZone: 'Europe/Berlin' })]
    const queue = configRegistry(app.config).one('queue')
    // the real queue, its calls recorded
    const many = jest.spyOn(queue, 'enqueueMany')
    const one = jest.spyOn(queue, 'enqueue')
    try {
      clock.set('2026-03-29T04:59:59.700Z') // the window ends at 05:00Z, 300 ms away
      const sent = await sendMessages(app.context, users.map(u => ({ type: 'TEST_NOTICE', to: { userId: u.id }, meta })))
      const ids = sent.map(m => m.id)
      for (const id of ids) expect((await settled(app, id)).status).toBe('processing')
      clock.set('2026-03-29T05:00:00.100Z')
      for (const id of ids) {
        const message = await settled(app, id, m => m.status === 'sent')
        expect((message.trace as any[]).map(e => `${e.outcome} ${e.run}`)).toEqual(['quietHours 1', 'sent 1'])
      }
      const batches = many.mock.calls.filter(([task]) => task === DELIVER_BATCH_TASK).map(([, jobs]) => jobs.map(job => (job.payload as any).messageIds))
      // the fan-out's batch, then the deferred part of it: one job of the same three
      expect(batches).toEqual([[ids], [ids]])
      expect(many.mock.calls.filter(([task]) => task === DELIVER_TASK)).toEqual([])
      expect(one.mock.calls.filter(([task]) => task === DELIVER_TASK)).toEqual([])
    } finally {
      many.mockRestore()
      one.mockRestore()
    }
  })

  test('two zones in one fan-out: night in Berlin waits, evening in New York goes', async () => {
    const berlin = await resident({ timeZone: 'Europe/Berlin' })
    const newYork = await resident({ timeZone: 'America/New_York' })
    clock.set('2026-03-29T00:30:00Z') // 01:30 CET (just before the change) / 20:30 EDT
    const [a, b] = await sendMessages(app.context, [berlin, newYork].map(u => ({ type: 'TEST_NOTICE', to: { userId: u.id }, meta })))
    const inBerlin = await settled(app, a.id)
    const inNewYork = await settled(app, b.id, m => m.status === 'sent')
    expect(inBerlin.status).toBe('processing')
    // 07:00 CEST, after the lost hour
    expect(inBerlin.dueAt.toISOString()).toBe('2026-03-29T05:00:00.000Z')
    expect(outcomes(inNewYork)).toEqual(['sent'])
    await prisma.message.update({ where: { id: a.id }, data: { status: 'canceled' } })
  })

  test('urgent and critical types go at once', async () => {
    const user = await resident({ timeZone: 'America/New_York' })
    clock.set('2026-11-01T06:30:00Z') // 01:30 EST, the repeated hour of fall back
    for (const type of ['TEST_URGENT', 'TEST_CRITICAL']) {
      const { id } = await sendMessage(app.context, { type, to: { userId: user.id }, meta })
      expect((await final(id)).status).toBe('sent')
    }
  })
})

describe('the organization default', () => {
  test('applies to a recipient without a row of their own, in the organization zone; a row with isEnabled false turns it off', async () => {
    const org = await createOrganization(app.context)
    await prisma.notificationOrganizationSetting.create({
      data: { organizationId: org.id, organizationKey: org.id, timeZone: 'America/New_York', quietHoursStart: '21:00', quietHoursEnd: '08:00', channelOrder: '' },
    })
    const plain = await resident()
    const optedOut = await resident({ timeZone: 'UTC', isEnabled: false })
    clock.set('2026-03-08T06:00:00Z') // 01:00 EST, the night New York springs forward
    const [a, b] = await sendMessages(app.context, [plain, optedOut].map(u => ({ type: 'TEST_NOTICE', organizationId: org.id, to: { userId: u.id }, meta })))
    const held = await settled(app, a.id)
    expect(held.dueAt.toISOString()).toBe('2026-03-08T12:00:00.000Z') // 08:00 EDT
    expect((await settled(app, b.id, m => m.status === 'sent')).status).toBe('sent')
    await prisma.message.update({ where: { id: a.id }, data: { status: 'canceled' } })
  })
})

describe('the channels a recipient chooses', () => {
  beforeAll(() => clock.set('2026-07-01T12:00:00Z'))

  test('strategy "all": one channel failing for good, the other delivering, is sent (both in the trace)', async () => {
    const user = await resident()
    pipeline.sms.failWith(new PermanentTransportError('rejected'))
    pipeline.smsBackup.failWith(new PermanentTransportError('rejected too'))
    const { id } = await sendMessage(app.context, { type: 'TEST_ALL', to: { userId: user.id }, meta })
    const message = await final(id)
    expect(message.status).toBe('sent')
    expect((message.trace as any[]).map(e => `${e.outcome} ${e.channel}`)).toEqual(['permanent sms', 'permanent sms', 'sent email'])
    expect(message.deliveries.map((d: any) => `${d.channel} ${d.status}`).sort()).toEqual(['email sent', 'sms failed'])
  })

  test('strategy "all" skips a channel the recipient turned off', async () => {
    const user = await resident()
    await prisma.notificationUserSetting.create({ data: { userId: user.id, messageType: '', channel: 'sms', isEnabled: false, settingKey: `${user.id}|*|sms` } })
    const { id } = await sendMessage(app.context, { type: 'TEST_ALL', to: { userId: user.id }, meta })
    expect((await final(id)).status).toBe('sent')
    expect(pipeline.log.map(s => s.transport)).toEqual(['email-smtp'])
  })

  test('the organization default order comes first for its people; a recipient order wins over it', async () => {
    const org = await createOrganization(app.context)
    await prisma.notificationOrganizationSetting.create({ data: { organizationId: org.id, organizationKey: org.id, timeZone: 'UTC', channelOrder: 'email,sms' } })
    const plain = await resident()
    const ownOrder = await resident()
    await prisma.notificationUserSetting.create({ data: { userId: ownOrder.id, messageType: '', channel: '', isEnabled: true, channelOrder: 'sms', settingKey: `${ownOrder.id}|*|*` } })
    for (const [user, first] of [[plain, 'email-smtp'], [ownOrder, 'sms-primary']] as const) {
      pipeline.reset()
      const { id } = await sendMessage(app.context, { type: 'TEST_NOTICE', organizationId: org.id, to: { userId: user.id }, meta })
      await final(id)
      expect(pipeline.log.map(s => s.transport)).toEqual([first])
    }
  })
})
