// The push channel end to end: devices registered through syncRemoteClient, sendMessage → delivery →
// each token through its own provider's real SDK → the local FCM, APNs and RedStore fakes; dead tokens pruned.
import { sendMessage } from '../../../plugins/notifications'
import { as, createUser } from '../../harness/factories'
import { drain, messageById } from '../notifications/fixtures'
import { traceRows } from '../channel-types'
import { newDeviceKey, startPushTestApp, SYNC } from './push-test-app'

let t: Awaited<ReturnType<typeof startPushTestApp>>
beforeAll(async () => {
  t = await startPushTestApp()
})
afterAll(() => t.close())
beforeEach(() => {
  t.fcm.received.splice(0)
  t.apns.received.splice(0)
  t.redstore.received.splice(0)
})

const meta = { title: 'Parcel', body: 'A parcel waits at the desk', threadId: 'thread-7' }

async function device(user: any, platform: string, pushTokens: { transport: string; token: string }[]) {
  const res = await as(t.app.context, user).graphql.raw({
    query: SYNC,
    variables: { data: { deviceId: `device-${Math.random()}`, appId: 'com.example.cms.resident', platform, deviceKey: newDeviceKey(), pushTokens } },
  })
  expect(res.errors).toBeUndefined()
}

async function send(userId: string) {
  const { id } = await sendMessage(t.app.context, { type: 'TEST_PUSH', to: { userId }, meta })
  await drain(t.app)
  return messageById(t.app, id)
}

test("every token of the user's devices gets the push through its own provider, with title, body, data and the deep link", async () => {
  const user = await createUser(t.app.context, { type: 'resident' })
  await device(user, 'android', [{ transport: 'fcm', token: 'fcm-token-android-1' }])
  await device(user, 'ios', [{ transport: 'apns', token: 'a'.repeat(64) }])
  await device(user, 'android', [{ transport: 'redstore', token: 'redstore-token-1' }])
  const stranger = await createUser(t.app.context, { type: 'resident' })
  await device(stranger, 'android', [{ transport: 'fcm', token: 'fcm-token-of-someone-else' }])

  const message = await send(user.id)
  expect(message.status).toBe('sent')
  expect(traceRows(message)).toEqual([
    ['sent', 'push', 'push'],
    ['sent', 'push', 'push'],
    ['sent', 'push', 'push'],
  ])
  expect(message.trace.map((e: any) => e.address)).toEqual(['apns …aaaaaa', 'fcm …roid-1', 'redstore …oken-1'])

  const data = { messageId: message.id, messageType: 'TEST_PUSH', threadId: 'thread-7' }
  expect(t.fcm.received.map(r => r.body.message)).toEqual([
    { token: 'fcm-token-android-1', notification: { title: 'Parcel', body: 'A parcel waits at the desk' }, data: { ...data, deepLink: 'cms://messages/thread-7' } },
  ])
  expect(t.apns.received).toHaveLength(1)
  expect(t.apns.received[0]).toMatchObject({ token: 'a'.repeat(64), headers: { topic: t.topic, pushType: 'alert' }, jwt: { valid: true } })
  expect(t.apns.received[0].payload).toEqual({ aps: { alert: { title: 'Parcel', body: 'A parcel waits at the desk' } }, ...data, deepLink: 'cms://messages/thread-7' })
  expect(t.redstore.received.map(r => r.body.message)).toEqual([
    {
      token: 'redstore-token-1',
      notification: { title: 'Parcel', body: 'A parcel waits at the desk' },
      data: { ...data, deepLink: 'cms://messages/thread-7' },
      android: { notification: { click_action: 'cms://messages/thread-7', click_action_type: 1 } },
    },
  ])
})

test('tokens the providers report dead (FCM UNREGISTERED, APNs 410) are deleted; the live one is still sent', async () => {
  const user = await createUser(t.app.context, { type: 'resident' })
  await device(user, 'android', [{ transport: 'fcm', token: 'fcm-dead-token' }])
  await device(user, 'ios', [{ transport: 'apns', token: 'b'.repeat(64) }])
  await device(user, 'android', [{ transport: 'fcm', token: 'fcm-live-token' }])
  t.fcm.deadTokens.add('fcm-dead-token')
  t.apns.unregistered.add('b'.repeat(64))

  const message = await send(user.id)
  expect(message.status).toBe('sent')
  expect(message.trace.map((e: any) => [e.outcome, e.address])).toEqual([
    ['invalidAddress', 'apns …bbbbbb'],
    ['invalidAddress', 'fcm …-token'],
    ['sent', 'fcm …-token'],
  ])
  const prisma = t.app.context.prisma as any
  const left = await prisma.pushToken.findMany({ where: { remoteClient: { ownerId: user.id } }, select: { transport: true, token: true } })
  expect(left).toEqual([{ transport: 'fcm', token: 'fcm-live-token' }])

  // the next message reaches the live token only
  t.fcm.received.splice(0)
  t.apns.received.splice(0)
  expect((await send(user.id)).status).toBe('sent')
  expect(t.fcm.received.map(r => r.body.message.token)).toEqual(['fcm-live-token'])
  expect(t.apns.received).toHaveLength(0)
})

test('a user without devices, or a phone recipient, is skipped on push', async () => {
  const user = await createUser(t.app.context, { type: 'resident' })
  const message = await send(user.id)
  expect(message.status).toBe('error')
  expect(message.trace[0]).toMatchObject({ outcome: 'skipped', channel: 'push', error: 'the recipient has no address on this channel' })
})

test("a user's FCM tokens go out in ONE multicast call; a dead one among them is pruned, the others are recorded sent", async () => {
  const user = await createUser(t.app.context, { type: 'resident' })
  await device(user, 'android', [{ transport: 'fcm', token: 'fcm-batch-1' }])
  await device(user, 'android', [{ transport: 'fcm', token: 'fcm-batch-2-dead' }])
  await device(user, 'android', [{ transport: 'fcm', token: 'fcm-batch-3' }])
  t.fcm.deadTokens.add('fcm-batch-2-dead')

  const message = await send(user.id)
  expect(message.status).toBe('sent')
  // sendEachForMulticast: one HTTP/2 session carrying one request per token (a single send is HTTP/1.1)
  expect(t.fcm.received.map(r => r.body.message.token).sort()).toEqual(['fcm-batch-1', 'fcm-batch-2-dead', 'fcm-batch-3'])
  expect(new Set(t.fcm.received.map(r => r.connection)).size).toBe(1)
  expect(t.fcm.received.every(r => r.httpVersion === '2.0')).toBe(true)

  expect(message.trace.map((e: any) => [e.outcome, e.address])).toEqual([
    ['sent', 'fcm …atch-1'],
    ['invalidAddress', 'fcm …2-dead'],
    ['sent', 'fcm …atch-3'],
  ])
  expect(message.deliveries.map((d: any) => [d.addressHint, d.status, d.attempts]).sort()).toEqual([
    ['fcm …2-dead', 'invalidAddress', 1],
    ['fcm …atch-1', 'sent', 1],
    ['fcm …atch-3', 'sent', 1],
  ])
  const prisma = t.app.context.prisma as any
  const left = await prisma.pushToken.findMany({ where: { remoteClient: { ownerId: user.id } }, select: { token: true }, orderBy: { token: 'asc' } })
  expect(left.map((r: any) => r.token)).toEqual(['fcm-batch-1', 'fcm-batch-3'])
})
