// A broadcast's reach by channel, with the real channel plugins (no providers configured: the dev outbox
// stands in, with the channels' own addresses): before sending, how many of the audience each channel of
// the kind can reach (push: a device with a token; Telegram: a linked chat; email; SMS for emergencies)
// and how many none can, after the type's blacklists and the residents' preferences; after sending, the
// progress says the same from the delivery rows.
import { BROADCAST_TYPE } from '../../../schema/broadcasts'
import { settingKey } from '../../../schema/notifications/settings'
import { startTestApp, type TestApp } from '../../harness/app'
import { as } from '../../harness/factories'
import { drain } from '../notifications/fixtures'
import { broadcastWorld, type BroadcastWorld } from './world'

let app: TestApp
let prisma: any
let w: BroadcastWorld
beforeAll(async () => {
  app = await startTestApp({ channels: 'env' })
  prisma = app.context.prisma
  w = await broadcastWorld(app.context)
  const { u1, u2, u3, u4, u5 } = w.residents
  // u1: a device with a push token (and one without) and an email
  const device = (ownerId: string, n: number) => prisma.remoteClient.create({ data: { deviceId: `reach-${n}`, appId: 'com.example.app', platform: 'ios', ownerId, deviceKeyHash: 'f'.repeat(64) } })
  await prisma.pushToken.create({ data: { remoteClientId: (await device(u1.id, 1)).id, transport: 'fcm', token: 'reach-token-1' } })
  await device(u1.id, 2)
  // u2: a linked Telegram chat and a phone, no email
  await prisma.telegramUserChat.create({ data: { userId: u2.id, chatId: '700001' } })
  await prisma.user.update({ where: { id: u2.id }, data: { email: null, phone: '+15005550101' } })
  // u3: an email only, and a device that never registered a token
  await device(u3.id, 3)
  // u4: nothing at all
  await prisma.user.update({ where: { id: u4.id }, data: { email: null } })
  // u5 (archived contact, not in the audience) has a token: it must not count
  await prisma.pushToken.create({ data: { remoteClientId: (await device(u5.id, 5)).id, transport: 'fcm', token: 'reach-token-5' } })
})
afterAll(() => app.close())

const staff = () => as(app.context, w.staff.with)
async function gql(ctx: any, query: string, variables: Record<string, unknown> = {}) {
  const result = await ctx.graphql.raw({ query, variables })
  return { data: result.data as any, code: result.errors?.[0]?.extensions?.code as string | undefined, errors: result.errors }
}
const REACH = 'total unreachable channels { channel reachable }'
const preview = (d: Record<string, unknown>, kind?: string, ctx = staff()) =>
  gql(ctx, `query($d: BroadcastAudienceInput!, $kind: String!) { broadcastAudienceReach(data: $d, kind: $kind) { ${REACH} } }`, { d: { organizationId: w.org.id, ...d }, kind: kind ?? 'regular' })
const byChannel = (reach: { channels: { channel: string; reachable: number }[] }) => Object.fromEntries(reach.channels.map(c => [c.channel, c.reachable]))

test('the preview counts, per channel of the kind, the residents it can reach and those none can', async () => {
  const regular = (await preview({})).data.broadcastAudienceReach
  expect(regular.total).toBe(4)
  // a regular broadcast's channels, in the type's order; SMS is not one of them
  expect(regular.channels.map((c: any) => c.channel)).toEqual(['push', 'telegram', 'email'])
  expect(byChannel(regular)).toEqual({ push: 1, telegram: 1, email: 2 })
  expect(regular.unreachable).toBe(1)

  const emergency = (await preview({}, 'emergency')).data.broadcastAudienceReach
  expect(byChannel(emergency)).toEqual({ push: 1, sms: 1, telegram: 1, email: 2 })
  expect(emergency.unreachable).toBe(1)

  // narrowed to North (u1 and u3): the split follows the audience
  const north = (await preview({ propertyIds: [w.properties.north.id] })).data.broadcastAudienceReach
  expect([north.total, north.unreachable, byChannel(north)]).toEqual([2, 0, { push: 1, telegram: 0, email: 2 }])
})

test('tens of thousands of entries by phone and email (SMS STOP replies across the platform) count, without exceeding a statement’s parameters', async () => {
  // 40,000 of each, platform-wide, naming nobody in the audience; then one more naming u2's phone
  await prisma.$executeRawUnsafe(
    `WITH RECURSIVE n(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < 40000)
     INSERT INTO "MessageUserBlackList" (id, phone, email, "messageType", reason)
     SELECT 'bulk-stop-' || g, '+1700' || (1000000 + g), 'stop' || g || '@bulk.example', '', 'STOP by text' FROM n`
  )
  try {
    const before = (await preview({}, 'emergency')).data.broadcastAudienceReach
    expect([before.total, before.unreachable, byChannel(before)]).toEqual([4, 1, { push: 1, sms: 1, telegram: 1, email: 2 }])
    await prisma.messageUserBlackList.create({ data: { id: 'bulk-stop-u2', phone: '+15005550101', reason: 'STOP by text' } })
    // u2's SMS is stopped; u2 is still reached on Telegram
    const after = (await preview({}, 'emergency')).data.broadcastAudienceReach
    expect([after.total, after.unreachable, byChannel(after)]).toEqual([4, 1, { push: 1, sms: 0, telegram: 1, email: 2 }])
  } finally {
    await prisma.messageUserBlackList.deleteMany({ where: { id: { startsWith: 'bulk-stop-' } } })
  }
}, 60_000)

test('the preview is refused without the permission, and for a kind that does not exist', async () => {
  expect((await preview({}, 'regular', as(app.context, w.staff.other))).code).toBe('FORBIDDEN')
  expect((await preview({}, 'regular', as(app.context, w.staff.without))).code).toBe('FORBIDDEN')
  expect((await preview({}, 'loud')).code).toBe('WRONG_KIND')
})

test('a saved broadcast shows its reach before sending, and the same split in its progress once sent', async () => {
  const broadcast = await staff().db.Broadcast.createOne({ data: { organization: { connect: { id: w.org.id } }, title: 'Water off Saturday 9-12', body: 'The main valve is replaced.' } })
  const before = (await gql(staff(), `query($id: ID!) { broadcastRecipientReach(id: $id) { ${REACH} } }`, { id: broadcast.id })).data.broadcastRecipientReach
  expect([before.total, before.unreachable, byChannel(before)]).toEqual([4, 1, { push: 1, telegram: 1, email: 2 }])
  expect((await gql(as(app.context, w.staff.other), `query($id: ID!) { broadcastRecipientReach(id: $id) { total } }`, { id: broadcast.id })).code).toBe('BROADCAST_NOT_FOUND')

  await gql(staff(), 'mutation($id: ID!) { sendBroadcast(id: $id) { id } }', { id: broadcast.id })
  await drain(app)
  const { data } = await gql(staff(), 'query($id: ID!) { broadcast(where: { id: $id }) { status progress { resolved sent failed unreachable channels { channel sent failed } } } }', { id: broadcast.id })
  expect(data.broadcast.status).toBe('sent')
  // u4 has no address on any channel: its message ends without a delivery attempt
  expect(data.broadcast.progress).toEqual({
    resolved: 4,
    sent: 3,
    failed: 1,
    unreachable: 1,
    channels: [
      { channel: 'email', sent: 2, failed: 0 },
      { channel: 'push', sent: 1, failed: 0 },
      { channel: 'telegram', sent: 1, failed: 0 },
    ],
  })
})

test("the split applies the type's policy as the delivery will: preferences (most specific row first, then the global default) and blacklists", async () => {
  const { u1, u2, u3 } = w.residents
  const setting = (userId: string | null, messageType: string, channel: string, isEnabled: boolean) =>
    prisma.notificationUserSetting.create({ data: { userId, messageType, channel, isEnabled, settingKey: settingKey(userId, messageType, channel) } })
  // a global default turning broadcasts off on email: u1 and u3 have no rows of their own
  const globalOff = await setting(null, BROADCAST_TYPE, 'email', false)
  expect(byChannel((await preview({})).data.broadcastAudienceReach)).toEqual({ push: 1, telegram: 1, email: 0 })
  await prisma.notificationUserSetting.delete({ where: { id: globalOff.id } })

  // u1: broadcasts off on email; u3: everything off, but broadcasts on email (the more specific row wins)
  await setting(u1.id, BROADCAST_TYPE, 'email', false)
  await setting(u3.id, '', '', false)
  await setting(u3.id, BROADCAST_TYPE, 'email', true)
  // u2: blacklisted by the organization for every type
  await prisma.messageUserBlackList.create({ data: { organizationId: w.org.id, userId: u2.id, reason: 'asked in writing' } })
  // u3's email named by the organization's entry: no email to u3, whatever channel the user has besides
  const { email: u3Email } = await prisma.user.findUnique({ where: { id: u3.id }, select: { email: true } })
  await prisma.messageUserBlackList.create({ data: { organizationId: w.org.id, email: u3Email, reason: 'bounced' } })
  // phones (SMS: emergencies only): u1's named by a platform-wide entry (a legal opt-out); u3's by an entry of
  // another organization only, which does not apply here; u4 gets an email
  await prisma.user.update({ where: { id: u1.id }, data: { phone: '+15005550102' } })
  await prisma.user.update({ where: { id: u3.id }, data: { phone: '+15005550103' } })
  await prisma.user.update({ where: { id: w.residents.u4.id }, data: { email: 'reach-u4@example.com' } })
  await prisma.messageUserBlackList.create({ data: { phone: '+15005550102', reason: 'STOP by text' } })
  await prisma.messageUserBlackList.create({ data: { organizationId: w.other.id, phone: '+15005550103', reason: 'not ours' } })

  const regular = (await preview({})).data.broadcastAudienceReach
  // u1: push (email off); u2: stopped; u3: email blacklisted, nothing else; u4: email
  expect([regular.total, regular.unreachable, byChannel(regular)]).toEqual([4, 2, { push: 1, telegram: 0, email: 1 }])
  // an emergency ignores preferences, not the blacklists: u1 by push and email (not SMS), u3 by SMS (not email), u4 by email
  const emergency = (await preview({}, 'emergency')).data.broadcastAudienceReach
  expect([emergency.unreachable, byChannel(emergency)]).toEqual([1, { push: 1, sms: 1, telegram: 0, email: 2 }])

  // sent: the progress by channel is what the preview said
  const sentBy = async (kind: string, title: string) => {
    const broadcast = await staff().db.Broadcast.createOne({ data: { organization: { connect: { id: w.org.id } }, kind, title, body: 'The lift stops on Monday.' } })
    await gql(staff(), 'mutation($id: ID!) { sendBroadcast(id: $id) { id } }', { id: broadcast.id })
    await drain(app)
    const { data } = await gql(staff(), 'query($id: ID!) { broadcast(where: { id: $id }) { progress { channels { channel sent } } } }', { id: broadcast.id })
    const sent = Object.fromEntries(data.broadcast.progress.channels.map((c: any) => [c.channel, c.sent]))
    const statuses = await prisma.message.findMany({ where: { uniqKey: `broadcast-${broadcast.id}` }, select: { userId: true, status: true } })
    return { sent, status: Object.fromEntries(statuses.map((m: any) => [m.userId, m.status])) }
  }
  const afterRegular = await sentBy('regular', 'Lift service')
  expect({ push: afterRegular.sent.push ?? 0, telegram: afterRegular.sent.telegram ?? 0, email: afterRegular.sent.email ?? 0 }).toEqual(byChannel(regular))
  // u3's only address was blacklisted: stopped, not failed
  expect(afterRegular.status).toEqual({ [u1.id]: 'sent', [u2.id]: 'blacklisted', [u3.id]: 'blacklisted', [w.residents.u4.id]: 'sent' })
  const afterEmergency = await sentBy('emergency', 'Gas leak')
  expect({ push: 0, sms: 0, telegram: 0, email: 0, ...afterEmergency.sent }).toEqual(byChannel(emergency))
  expect(afterEmergency.status).toEqual({ [u1.id]: 'sent', [u2.id]: 'blacklisted', [u3.id]: 'sent', [w.residents.u4.id]: 'sent' })

  // the organization blacklists broadcasts: nobody is reached
  await prisma.messageOrganizationBlackList.create({ data: { organizationId: w.org.id, messageType: BROADCAST_TYPE, reason: 'paused' } })
  const stopped = (await preview({})).data.broadcastAudienceReach
  expect([stopped.total, stopped.unreachable, byChannel(stopped)]).toEqual([4, 4, { push: 0, telegram: 0, email: 0 }])
})
