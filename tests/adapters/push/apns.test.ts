// The APNs transport through the real @parse/node-apn SDK against a local HTTP/2 + TLS APNs fake,
// with a real EC P-256 signing key generated here (as Apple's .p8 keys are).
import crypto from 'node:crypto'
import { ApnsPushTransport, apnsFromEnv } from '../../../adapters/push/apns'
import { InvalidAddressError, PermanentTransportError, TransientTransportError } from '../../../adapters/transport/types'
import { startApnsFake } from '../../fakes/apns'

const teamId = 'TEAM123456'
const keyId = 'KEY1234567'
const topic = 'com.example.cms.resident'
const keys = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
const p8 = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const content = { title: 'Water outage', body: 'Tomorrow 10:00–14:00', data: { messageId: 'msg-1' }, deepLink: 'cms://messages/msg-1' }
const options = { idempotencyKey: 'msg-1:push:device-1' }
const deviceToken = 'a'.repeat(64)
let fake: Awaited<ReturnType<typeof startApnsFake>>

function apnsTransport(overrides: Partial<ConstructorParameters<typeof ApnsPushTransport>[0]> = {}) {
  return new ApnsPushTransport({
    key: p8,
    keyId,
    teamId,
    topic,
    production: false,
    endpoint: { host: '127.0.0.1', port: fake.port, ca: fake.ca },
    ...overrides,
  })
}

beforeAll(async () => {
  fake = await startApnsFake({ teamId, keyId, publicKey: keys.publicKey })
})
afterAll(() => fake.close())
beforeEach(() => {
  fake.received.splice(0)
  fake.unregistered.clear()
})

describe('APNs push transport', () => {
  test('sends an alert: topic, push type, a signed ES256 JWT and the payload with the deep link', async () => {
    const transport = apnsTransport()
    try {
      const result = await transport.send(deviceToken, content, options)
      expect(result.providerMessageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      const [request] = fake.received
      expect(request.token).toBe(deviceToken)
      expect(request.headers).toMatchObject({ topic, pushType: 'alert', id: result.providerMessageId })
      expect(request.jwt).toMatchObject({ valid: true, header: { alg: 'ES256', kid: keyId }, claims: { iss: teamId } })
      expect(request.payload).toEqual({
        aps: { alert: { title: 'Water outage', body: 'Tomorrow 10:00–14:00' } },
        messageId: 'msg-1',
        deepLink: 'cms://messages/msg-1',
      })
    } finally {
      await transport.close()
    }
  })

  test('one long-lived provider: many sends share one HTTP/2 connection until close()', async () => {
    const transport = apnsTransport()
    const before = fake.sessionCount()
    await transport.send(deviceToken, content, options)
    await transport.send('b'.repeat(64), content, options)
    await transport.sendBatch(['c'.repeat(64), 'd'.repeat(64), 'e'.repeat(64)], content, options)
    expect(fake.sessionCount() - before).toBe(1)
    expect(new Set(fake.received.map(r => r.session)).size).toBe(1)
    expect(new Set(fake.received.map(r => r.headers.id)).size).toBe(5) // each device its own apns-id
    await transport.close()
    await expect(transport.send(deviceToken, content, options)).rejects.toBeInstanceOf(TransientTransportError) // shutting down: another worker may retry
  })

  test('the same idempotency key gives the same apns-id on a retry', async () => {
    const transport = apnsTransport()
    try {
      const first = await transport.send(deviceToken, content, options)
      const second = await transport.send(deviceToken, content, options)
      expect(second.providerMessageId).toBe(first.providerMessageId)
    } finally {
      await transport.close()
    }
  })

  test('410 Unregistered and 400 BadDeviceToken are invalid addresses; a batch reports each device', async () => {
    const transport = apnsTransport()
    try {
      fake.unregistered.add('dead'.repeat(16))
      const results = await transport.sendBatch([deviceToken, 'dead'.repeat(16)], content, options)
      expect(results[0]).toMatchObject({ address: deviceToken, ok: true })
      expect(results[1]).toMatchObject({ address: 'dead'.repeat(16), ok: false, error: { constructor: InvalidAddressError, providerCode: 'Unregistered' } })

      fake.failNext('bad-device-token')
      await expect(transport.send('bad', content, options)).rejects.toMatchObject({
        constructor: InvalidAddressError,
        providerCode: 'BadDeviceToken',
      })
    } finally {
      await transport.close()
    }
  })

  test('429 and 503 are transient once the SDK has spent its own retries', async () => {
    const transport = apnsTransport({ connectionRetryLimit: 1 })
    try {
      fake.failNext('too-many-requests', 2)
      await expect(transport.send(deviceToken, content, options)).rejects.toMatchObject({
        constructor: TransientTransportError,
        providerCode: 'TooManyRequests',
      })
      expect(fake.received).toHaveLength(2) // the first try and one SDK retry
      fake.failNext('service-unavailable', 2)
      await expect(transport.send(deviceToken, content, options)).rejects.toBeInstanceOf(TransientTransportError)
      // A 429 that clears up within the SDK's retries is a success.
      fake.failNext('too-many-requests', 1)
      await expect(transport.send(deviceToken, content, options)).resolves.toHaveProperty('providerMessageId')
    } finally {
      await transport.close()
    }
  })

  test('a key the team does not own (403 InvalidProviderToken) and a too-large payload are permanent', async () => {
    const stranger = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const wrongKey = apnsTransport({ key: stranger })
    try {
      await expect(wrongKey.send(deviceToken, content, options)).rejects.toMatchObject({
        constructor: PermanentTransportError,
        providerCode: 'InvalidProviderToken',
      })
    } finally {
      await wrongKey.close()
    }
    const transport = apnsTransport()
    try {
      fake.failNext('payload-too-large')
      await expect(transport.send(deviceToken, content, options)).rejects.toMatchObject({
        constructor: PermanentTransportError,
        providerCode: 'PayloadTooLarge',
      })
    } finally {
      await transport.close()
    }
  })

  test('apnsFromEnv needs key, key id, team and topic; the key may be pasted with \\n escapes', async () => {
    expect(apnsFromEnv({ APNS_KEY: p8, APNS_KEY_ID: keyId, APNS_TEAM_ID: teamId })).toBeUndefined()
    const transport = apnsFromEnv({ APNS_KEY: p8.replace(/\n/g, '\\n'), APNS_KEY_ID: keyId, APNS_TEAM_ID: teamId, APNS_TOPIC: topic })
    expect(transport).toBeInstanceOf(ApnsPushTransport)
    await transport!.close()
  })
})
