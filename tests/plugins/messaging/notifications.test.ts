// New messages notify the other participants through the pipeline: on their channels in their order,
// never a note to a resident, batched per thread and person per window, with a link to the thread.
import { definePlugin } from '../../../plugins/kernel'
import { startTestApp, type TestApp } from '../../harness/app'
import { RecordingTransport, drain, recordingChannel, type Sent } from '../notifications/fixtures'
import { ADD, NOTE, REPLY, START, createResident, ok, setupOrganization, staffWith } from './helpers'

let app: TestApp
const log: Sent[] = []
const transports = { push: new RecordingTransport('push-fcm', log), telegram: new RecordingTransport('telegram-bot', log), email: new RecordingTransport('email-smtp', log) }
const channels = definePlugin({
  name: 'test-channels',
  requires: ['notifications'],
  contributes: {
    channels: [
      recordingChannel('push', { transports: [transports.push] }),
      recordingChannel('telegram', { transports: [transports.telegram] }),
      recordingChannel('email', { transports: [transports.email], carriesUnsubscribeLink: true }),
    ],
  },
})

beforeAll(async () => {
  app = await startTestApp({ channels: [channels], env: { CONVERSATION_NOTIFY_BATCH_MINUTES: '5', PUBLIC_URL: 'https://cms.example.org', CONVERSATION_MESSAGES_PER_MINUTE: '1000' } })
}, 60_000)
afterAll(() => app?.close())
beforeEach(() => {
  log.length = 0
})

/** Only the clock moves (Date): timers and the queue run as usual. */
const atTime = (ms: number) =>
  jest.useFakeTimers({ now: ms, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask', 'performance', 'hrtime'] })
const sentTo = (userId: string) => log.filter(s => s.address.endsWith(`-of-${userId}`))
const setOrder = (user: any, order: string) =>
  ok(app, user, `mutation($order: String) { setNotificationSetting(isEnabled: true, channelOrder: $order) { id } }`, { order })

test('the routed employee gets the resident’s first message on the first channel of the default order (push), with the link to the thread', async () => {
  const s = await setupOrganization(app)
  const resident = await createResident(app.context, s.org.id, s.property.id)
  const { id } = (await ok(app, resident, START, { topicId: s.billing, subject: 'Invoice 12', body: 'Why so high?' })).startConversation
  await drain(app)
  expect(sentTo(resident.id)).toEqual([]) // the author is not notified
  const [push, ...rest] = sentTo(s.bookkeeper.id)
  expect(rest).toEqual([])
  expect(push.transport).toBe('push-fcm')
  expect(push.content).toMatchObject({ title: `${resident.name}: Invoice 12`, body: 'Why so high?', deepLink: `https://cms.example.org/inbox?conversation=${id}` })
})

test('a resident who prefers email then push gets email; batching: a burst of replies is one notification per window', async () => {
  const s = await setupOrganization(app)
  const resident = await createResident(app.context, s.org.id, s.property.id)
  await setOrder(resident, 'email,push,telegram')
  const { id } = (await ok(app, resident, START, { topicId: s.billing, subject: 'Heating', body: 'Cold' })).startConversation
  await drain(app)
  log.length = 0
  // the burst at the start of a window, so it cannot straddle two
  const window = 5 * 60_000
  atTime(Math.floor(Date.now() / window) * window + window + 10_000)
  try {
    for (const body of ['One', 'Two', 'Three']) await ok(app, s.bookkeeper, REPLY, { id, body })
    await drain(app)
  } finally {
    jest.useRealTimers()
  }
  const first = sentTo(resident.id)
  expect(first.map(s => s.transport)).toEqual(['email-smtp'])
  expect(first[0].content.subject).toBe('New message: Heating')
  expect(first[0].content.text).toContain(`https://cms.example.org/portal/messages/${id}`)
  const messages = await (app.context.prisma as any).message.count({ where: { type: 'CONVERSATION_MESSAGE', recipientKey: { contains: resident.id } } })
  expect(messages).toBe(1)
  // the next window is a new notification
  atTime(Math.floor(Date.now() / window) * window + 2 * window + 10_000)
  try {
    await ok(app, s.bookkeeper, REPLY, { id, body: 'Four' })
    await drain(app)
  } finally {
    jest.useRealTimers()
  }
  expect(sentTo(resident.id).map(s => s.transport)).toEqual(['email-smtp', 'email-smtp'])
})

test('internal notes never notify residents; staff in the thread hear of them', async () => {
  const s = await setupOrganization(app)
  const resident = await createResident(app.context, s.org.id, s.property.id)
  const colleague = await staffWith(app, s.org.id, [])
  const { id } = (await ok(app, resident, START, { topicId: s.billing, subject: 'Note test', body: 'Hi' })).startConversation
  await ok(app, s.manager, ADD, { id, userId: colleague.id })
  await drain(app)
  log.length = 0
  await ok(app, s.bookkeeper, NOTE, { id, body: 'Check the ledger' })
  await drain(app)
  expect(sentTo(resident.id)).toEqual([])
  expect(sentTo(colleague.id)).toHaveLength(1)
  expect(sentTo(colleague.id)[0].content.body).toBe('[note] Check the ledger')
})
