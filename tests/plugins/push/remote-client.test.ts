// syncRemoteClient / disconnectRemoteClient over GraphQL on HTTP, as an app calls them: the device-key
// rule, the token limit, owners, token replacement; every rejected call leaves the database as it was.
import { createUser } from '../../harness/factories'
import { gql, signIn } from '../../harness/http'
import { deviceSnapshot, newDeviceKey, startPushTestApp, SYNC } from './push-test-app'

let t: Awaited<ReturnType<typeof startPushTestApp>>
let prisma: any
beforeAll(async () => {
  t = await startPushTestApp({ http: true })
  prisma = t.app.context.prisma
})
afterAll(() => t.close())

const DISCONNECT = `mutation($deviceId: String!, $appId: String!, $deviceKey: String!) { disconnectRemoteClient(deviceId: $deviceId, appId: $appId, deviceKey: $deviceKey) }`
const appId = 'com.example.cms.resident'
let n = 0

async function resident() {
  const user = await createUser(t.app.context, { type: 'resident', password: 'resident-pass-1' })
  const { result } = await signIn(t.app.url, user.email!, 'resident-pass-1')
  return { user, headers: { authorization: `Bearer ${result.sessionToken}` } }
}

function newDevice(extra: object = {}) {
  return { deviceId: `device-${++n}`, appId, platform: 'android', deviceKey: newDeviceKey(), ...extra }
}

const sync = (data: object, headers: Record<string, string> = {}) => gql(t.app.url, SYNC, { data }, headers)
const codeOf = (res: { body: { errors?: { extensions?: { code?: string } }[] } }) => res.body.errors?.[0]?.extensions?.code

/** Everything a rejected call must not have changed. */
const snapshot = (deviceId: string) => deviceSnapshot(prisma, deviceId, appId)

test('an anonymous app registers; the key is stored as a sha256 hash only; later calls with the key update it', async () => {
  const device = newDevice({ appVersion: '1.0.0', meta: { model: 'Pixel 9' }, pushTokens: [{ transport: 'fcm', token: 'tok-1' }] })
  const first = await sync(device)
  expect(first.body.errors).toBeUndefined()
  expect(first.body.data.syncRemoteClient).toMatchObject({ deviceId: device.deviceId, appId, platform: 'android', appVersion: '1.0.0', hasOwner: false, pushTokenCount: 1 })
  const stored = await prisma.remoteClient.findUnique({ where: { deviceId_appId: { deviceId: device.deviceId, appId } } })
  expect(stored.deviceKeyHash).toMatch(/^[0-9a-f]{64}$/)
  expect(JSON.stringify(stored)).not.toContain(device.deviceKey)

  const again = await sync({ ...device, appVersion: '1.1.0', pushTokens: [{ transport: 'fcm', token: 'tok-2' }, { transport: 'apns', token: 'c'.repeat(64) }] })
  expect(again.body.data.syncRemoteClient).toMatchObject({ id: first.body.data.syncRemoteClient.id, appVersion: '1.1.0', pushTokenCount: 2 })
  expect((await snapshot(device.deviceId)).pushTokens).toEqual([{ transport: 'apns', token: 'c'.repeat(64) }, { transport: 'fcm', token: 'tok-2' }])
  expect(await prisma.remoteClient.count({ where: { deviceId: device.deviceId } })).toBe(1)
})

describe('the device key', () => {
  test('a wrong key, or none after one was set, is DEVICE_KEY_MISMATCH and nothing changes', async () => {
    const me = await resident()
    const device = newDevice({ pushTokens: [{ transport: 'fcm', token: 'victim-token' }] })
    expect(codeOf(await sync(device, me.headers))).toBeUndefined()
    const before = await snapshot(device.deviceId)

    const attacker = await resident()
    const takeover = { ...device, platform: 'ios', appVersion: '6.6.6', pushTokens: [{ transport: 'fcm', token: 'attacker-token' }] }
    expect(codeOf(await sync({ ...takeover, deviceKey: newDeviceKey() }, attacker.headers))).toBe('DEVICE_KEY_MISMATCH')
    expect(codeOf(await sync({ ...takeover, deviceKey: null }, attacker.headers))).toBe('DEVICE_KEY_MISMATCH')
    const { deviceKey: _omitted, ...withoutKey } = takeover
    expect(codeOf(await sync(withoutKey))).toBe('DEVICE_KEY_MISMATCH')
    expect(codeOf(await gql(t.app.url, DISCONNECT, { deviceId: device.deviceId, appId, deviceKey: newDeviceKey() }))).toBe('DEVICE_KEY_MISMATCH')

    expect(await snapshot(device.deviceId)).toEqual(before)
    expect(before.ownerId).toBe(me.user.id)
  })

  test('a new device must send a key of 32 to 256 characters', async () => {
    const { deviceKey: _omitted, ...noKey } = newDevice()
    expect(codeOf(await sync(noKey))).toBe('DEVICE_KEY_REQUIRED')
    expect(codeOf(await sync(newDevice({ deviceKey: 'short' })))).toBe('WRONG_DEVICE_KEY')
    expect(await prisma.remoteClient.count({ where: { deviceId: noKey.deviceId } })).toBe(0)
  })
})

test('21 tokens in one call are TOO_MANY_PUSH_TOKENS and nothing changes; 20 are fine', async () => {
  const device = newDevice({ pushTokens: [{ transport: 'fcm', token: 'kept' }] })
  await sync(device)
  const before = await snapshot(device.deviceId)
  const tokens = (count: number) => Array.from({ length: count }, (_, i) => ({ transport: 'fcm', token: `bulk-${device.deviceId}-${i}` }))
  const tooMany = await sync({ ...device, pushTokens: tokens(21) })
  expect(codeOf(tooMany)).toBe('TOO_MANY_PUSH_TOKENS')
  expect(tooMany.body.errors![0].message).toMatch(/At most 20 push tokens/)
  expect(await snapshot(device.deviceId)).toEqual(before)
  expect((await sync({ ...device, pushTokens: tokens(20) })).body.data.syncRemoteClient.pushTokenCount).toBe(20)
})

test('bad input is a typed error and writes nothing', async () => {
  const cases: [object, string][] = [
    [{ pushTokens: [{ transport: 'gcm', token: 'x' }] }, 'UNKNOWN_PUSH_TRANSPORT'],
    [{ pushTokens: [{ transport: 'fcm', token: 'with space' }] }, 'WRONG_PUSH_TOKEN'],
    [{ appId: 'not an app id' }, 'WRONG_APP_ID'],
    [{ deviceId: '' }, 'WRONG_DEVICE_ID'],
    [{ meta: [1, 2] }, 'WRONG_DEVICE_META'],
  ]
  const before = await prisma.remoteClient.count()
  for (const [change, code] of cases) expect(codeOf(await sync(newDevice(change)))).toBe(code)
  expect(await prisma.remoteClient.count()).toBe(before)
})

test('owners: a signed-in sync takes the device, an anonymous one leaves the owner, disconnect clears owner and tokens', async () => {
  const alice = await resident()
  const bob = await resident()
  const device = newDevice({ pushTokens: [{ transport: 'fcm', token: `owner-${n}` }] })
  expect((await sync(device, alice.headers)).body.data.syncRemoteClient.hasOwner).toBe(true)
  expect((await snapshot(device.deviceId)).ownerId).toBe(alice.user.id)
  await sync(device) // anonymous: the app had not restored its session yet
  expect((await snapshot(device.deviceId)).ownerId).toBe(alice.user.id)
  await sync(device, bob.headers) // the same installation, now signed in as bob (key proves the device)
  expect((await snapshot(device.deviceId)).ownerId).toBe(bob.user.id)

  const out = await gql(t.app.url, DISCONNECT, { deviceId: device.deviceId, appId, deviceKey: device.deviceKey })
  expect(out.body.data.disconnectRemoteClient).toBe(true)
  expect(await snapshot(device.deviceId)).toMatchObject({ ownerId: null, pushTokens: [] })
  expect(codeOf(await gql(t.app.url, DISCONNECT, { deviceId: 'no-such-device', appId, deviceKey: device.deviceKey }))).toBe('REMOTE_CLIENT_NOT_FOUND')
})

test('a token synced by another device moves to it (a token reaches the device that registered it last)', async () => {
  const old = newDevice({ pushTokens: [{ transport: 'fcm', token: 'moving-token' }, { transport: 'fcm', token: 'old-only' }] })
  const reinstall = newDevice({ pushTokens: [{ transport: 'fcm', token: 'moving-token' }] })
  await sync(old)
  await sync(reinstall)
  expect((await snapshot(old.deviceId)).pushTokens).toEqual([{ transport: 'fcm', token: 'old-only' }])
  expect((await snapshot(reinstall.deviceId)).pushTokens).toEqual([{ transport: 'fcm', token: 'moving-token' }])
  // omitting pushTokens keeps them
  await sync({ ...reinstall, pushTokens: undefined, appVersion: '2.0' })
  expect((await snapshot(reinstall.deviceId)).pushTokens).toHaveLength(1)
})
