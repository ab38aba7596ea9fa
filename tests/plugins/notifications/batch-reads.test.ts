// A batch delivery run reads what it needs per batch, not per message: with the real channels (push,
// Telegram, email: the dev outbox stands in for providers), twelve messages of a broadcast type cost one
// read of push tokens, one of Telegram chats, one of users' emails and one of the policy's and quiet
// hours' rules (recipient blacklist entries by user and by the phones and emails the channels resolved),
// and each recipient still gets it on every channel they have.
import { providerOf } from '../../../adapters/database'
import { sendMessages } from '../../../plugins/notifications'
import { startTestApp, type TestApp } from '../../harness/app'
import { createOrganization, createUser } from '../../harness/factories'
import { queryCounter } from '../../harness/query-counter'
import { drain } from './fixtures'

const counter = queryCounter()
let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ channels: 'env', plugins: [counter.plugin] })
})
afterAll(() => app.close())

test('twelve messages: one read per channel and one of the rules, every address served', async () => {
  const prisma = app.context.prisma as any
  const organization = await createOrganization(app.context)
  const users = []
  for (let i = 0; i < 12; i++) users.push(await createUser(app.context, { type: 'resident' }))
  // every third has the app, every fourth a linked chat
  for (const [i, user] of users.entries()) {
    if (i % 3 === 0) {
      const device = await prisma.remoteClient.create({ data: { deviceId: `batch-${i}`, appId: 'com.example.app', platform: 'ios', ownerId: user.id, deviceKeyHash: 'f'.repeat(64) } })
      await prisma.pushToken.create({ data: { remoteClientId: device.id, transport: 'fcm', token: `batch-token-${i}` } })
    }
    if (i % 4 === 0) await prisma.telegramUserChat.create({ data: { userId: user.id, chatId: String(800000 + i) } })
  }
  // the last one's email is blacklisted: no email to it, its other channels still
  await prisma.messageUserBlackList.create({ data: { organizationId: organization.id, email: users[11].email, reason: 'bounced' } })
  const meta = { title: 'Water off', body: 'Saturday 9-12', html: '<p>Saturday 9-12</p>', sms: 'Water off Saturday 9-12' }
  const sent = await sendMessages(
    app.context,
    users.map(user => ({ type: 'BROADCAST', organizationId: organization.id, to: { userId: user.id }, meta }))
  )
  const { queries } = await counter.during(() => drain(app))
  const times = (query: string) => queries.filter(q => q === query).length
  expect(times('PushToken.findMany')).toBe(1)
  expect(times('TelegramUserChat.findMany')).toBe(1)
  expect(times('User.findMany')).toBe(1)
  // the policy's and quiet hours' rows: on PostgreSQL one raw statement for every rules table
  // (tasks/delivery/batch-rules.ts; the counter sees model operations only), elsewhere one query per
  // table, the organization settings read once for both
  const postgres = providerOf(prisma) === 'postgresql'
  const rulesTables = ['NotificationOrganizationSetting', 'MessageOrganizationBlackList', 'MessageUserBlackList', 'NotificationUserSetting', 'NotificationQuietHoursSetting']
  expect(rulesTables.map(table => times(`${table}.findMany`))).toEqual(rulesTables.map(() => (postgres ? 0 : 1)))

  const deliveries: { channel: string }[] = await prisma.messageDelivery.findMany({ where: { messageId: { in: sent.map(s => s.id) } }, select: { channel: true } })
  const perChannel = (channel: string) => deliveries.filter(d => d.channel === channel).length
  expect([perChannel('push'), perChannel('telegram'), perChannel('email')]).toEqual([4, 3, 11])
  // the last one: no push token, no chat, its email blacklisted
  expect(await prisma.message.count({ where: { id: { in: sent.map(s => s.id) }, status: 'sent' } })).toBe(11)
  expect((await prisma.message.findUnique({ where: { id: sent[11].id } })).status).toBe('blacklisted')
})
