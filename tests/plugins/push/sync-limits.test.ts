// syncRemoteClient's hourly limits over HTTP, with small limits: per device (anonymous or signed in) and
// per client address across devices. A limited call is TOO_MANY_REQUESTS with a retryAfter and writes nothing.
import { buildConfig, channelPluginsFromEnv } from '../../../config'
import { pushPluginFromEnv } from '../../../plugins/push'
import { syncLimitsFromEnv } from '../../../plugins/push/sync-limits'
import { TEST_SESSION_SECRET } from '../../harness/app'
import { createUser } from '../../harness/factories'
import { gql, signIn, type GraphQLResponse } from '../../harness/http'
import { deviceSnapshot, newDeviceKey, startPushTestApp, SYNC } from './push-test-app'

type PushTestApp = Awaited<ReturnType<typeof startPushTestApp>>

const appId = 'com.example.cms.resident'
let n = 0
const newDevice = (extra: object = {}) => ({ deviceId: `limited-device-${++n}`, appId, platform: 'android', deviceKey: newDeviceKey(), ...extra })
const sync = (t: PushTestApp, data: object, headers: Record<string, string> = {}) => gql(t.app.url, SYNC, { data }, headers)

function expectTooManyRequests(body: GraphQLResponse, message: RegExp) {
  const error = body.errors?.[0] as { message: string; extensions: { code: string; retryAfter: number } } | undefined
  expect(error?.extensions.code).toBe('TOO_MANY_REQUESTS')
  expect(error?.message).toMatch(message)
  expect(error?.extensions.retryAfter).toBeGreaterThan(0)
  expect(error?.extensions.retryAfter).toBeLessThanOrEqual(60 * 60)
  expect(body.data).toBeNull()
}

describe('per device (3 an hour)', () => {
  let t: PushTestApp
  beforeAll(async () => {
    t = await startPushTestApp({ http: true, syncLimits: { perDevicePerHour: 3 } })
  })
  afterAll(() => t.close())

  test('the 4th sync of one device is refused, signed in or not, and leaves the row exactly as it was; other devices still sync', async () => {
    const device = newDevice({ pushTokens: [{ transport: 'fcm', token: 'limited-token' }] })
    for (const appVersion of ['1.0', '1.1', '1.2']) expect((await sync(t, { ...device, appVersion })).body.errors).toBeUndefined()
    const before = await deviceSnapshot(t.app.context.prisma, device.deviceId, appId)

    const user = await createUser(t.app.context, { type: 'resident', password: 'resident-pass-1' })
    const { result } = await signIn(t.app.url, user.email!, 'resident-pass-1')
    const signedIn = { authorization: `Bearer ${result.sessionToken}` }
    const refused = await sync(t, { ...device, platform: 'ios', appVersion: '2.0', pushTokens: [{ transport: 'fcm', token: 'other-token' }] }, signedIn)
    expectTooManyRequests(refused.body, /this device/)
    expectTooManyRequests((await sync(t, { ...device, appVersion: '2.0' })).body, /this device/)

    expect(await deviceSnapshot(t.app.context.prisma, device.deviceId, appId)).toEqual(before)
    expect(before).toMatchObject({ ownerId: null, appVersion: '1.2', pushTokens: [{ transport: 'fcm', token: 'limited-token' }] })
    expect((await sync(t, newDevice(), signedIn)).body.data.syncRemoteClient.hasOwner).toBe(true)
  })
})

describe('per client address (3 an hour)', () => {
  let t: PushTestApp
  beforeAll(async () => {
    t = await startPushTestApp({ http: true, syncLimits: { perIpPerHour: 3 } })
  })
  afterAll(() => t.close())

  test('a 4th device from one address is refused and not created', async () => {
    for (let i = 0; i < 3; i++) expect((await sync(t, newDevice())).body.errors).toBeUndefined()
    const fourth = newDevice({ pushTokens: [{ transport: 'fcm', token: 'never-stored' }] })
    expectTooManyRequests((await sync(t, fourth)).body, /from this address/)
    expect(await t.app.context.prisma.remoteClient.count({ where: { deviceId: fourth.deviceId } })).toBe(0)
    expect(await t.app.context.prisma.pushToken.count({ where: { token: 'never-stored' } })).toBe(0)
  })
})

describe('with the limits\' Redis unreachable', () => {
  let t: PushTestApp
  beforeAll(async () => {
    t = await startPushTestApp({ http: true, rateLimitRedisUrl: 'redis://127.0.0.1:1' })
  })
  afterAll(() => t.close())

  test('a sync is SERVICE_UNAVAILABLE (refused, not unlimited) and creates nothing', async () => {
    const device = newDevice()
    const res = await sync(t, device)
    expect(res.body.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE')
    expect(await t.app.context.prisma.remoteClient.count({ where: { deviceId: device.deviceId } })).toBe(0)
  })
})

describe('configuration', () => {
  test('PUSH_SYNC_PER_IP_PER_HOUR and PUSH_SYNC_PER_DEVICE_PER_HOUR set the limits; unset keeps the defaults', () => {
    expect(syncLimitsFromEnv({ PUSH_SYNC_PER_IP_PER_HOUR: '1000', PUSH_SYNC_PER_DEVICE_PER_HOUR: ' 12 ' })).toEqual({ perIpPerHour: 1000, perDevicePerHour: 12 })
    expect(syncLimitsFromEnv({ PUSH_SYNC_PER_IP_PER_HOUR: '' })).toEqual({})
  })

  test.each([
    ['PUSH_SYNC_PER_IP_PER_HOUR', '0'],
    ['PUSH_SYNC_PER_IP_PER_HOUR', 'lots'],
    ['PUSH_SYNC_PER_DEVICE_PER_HOUR', '-5'],
    ['PUSH_SYNC_PER_DEVICE_PER_HOUR', '2.5'],
  ])('%s=%s stops the config build with a clear error', (name, value) => {
    const message = `${name} must be a positive integer (got "${value}")`
    expect(() => pushPluginFromEnv({ [name]: value })).toThrow(message)
    expect(() => channelPluginsFromEnv({ [name]: value })).toThrow(message)
    expect(() => buildConfig({ SESSION_SECRET: TEST_SESSION_SECRET, [name]: value })).toThrow(message)
  })
})
