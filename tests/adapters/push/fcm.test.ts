// The FCM transport through the real firebase-admin SDK against a local FCM HTTP v1 fake
// (TLS; HTTP/2 for batches, HTTP/1.1 for single sends).
import { FcmPushTransport, fcmFromEnv } from '../../../adapters/push/fcm'
import { InvalidAddressError, PermanentTransportError, TransientTransportError } from '../../../adapters/transport/types'
import { startFcmFake } from '../../fakes/fcm'

const projectId = 'cms-test-project'
const accessToken = 'ya29.test-access-token'
const options = { idempotencyKey: 'msg-1:push' }
const content = { title: 'Water outage', body: 'Tomorrow 10:00–14:00', data: { messageId: 'msg-1' }, deepLink: 'cms://messages/msg-1' }
let fake: Awaited<ReturnType<typeof startFcmFake>>
let transport: FcmPushTransport

function fcmTransport(token = accessToken) {
  return new FcmPushTransport({
    projectId,
    credential: { getAccessToken: async () => ({ access_token: token, expires_in: 3600 }) },
    endpoint: { host: '127.0.0.1', port: fake.port, ca: fake.ca },
  })
}

beforeAll(async () => {
  fake = await startFcmFake({ projectId, accessToken })
  transport = fcmTransport()
})
afterAll(async () => {
  await transport.close()
  await fake.close()
})
beforeEach(() => {
  fake.received.splice(0)
  fake.deadTokens.clear()
})

describe('FCM push transport', () => {
  test('send: the fake receives the token, notification, data with the deep link, and the bearer token', async () => {
    const result = await transport.send('token-a', content, options)
    expect(result.providerMessageId).toMatch(new RegExp(`^projects/${projectId}/messages/0:`))
    expect(fake.received).toEqual([
      expect.objectContaining({
        projectId,
        authorization: `Bearer ${accessToken}`,
        httpVersion: '1.1', // messaging.send() uses the app's httpAgent; batches use HTTP/2
        body: {
          message: {
            token: 'token-a',
            notification: { title: 'Water outage', body: 'Tomorrow 10:00–14:00' },
            data: { messageId: 'msg-1', deepLink: 'cms://messages/msg-1' },
          },
        },
      }),
    ])
  })

  test('sendBatch goes over HTTP/2 and reports each token', async () => {
    fake.deadTokens.add('dead-1')
    const results = await transport.sendBatch(['live-1', 'dead-1', 'live-2'], content, options)
    expect(fake.received.every(r => r.httpVersion === '2.0')).toBe(true)
    expect(results.map(r => [r.address, r.ok])).toEqual([
      ['live-1', true],
      ['dead-1', false],
      ['live-2', true],
    ])
    const dead = results[1]
    expect(!dead.ok && dead.error).toBeInstanceOf(InvalidAddressError)
    expect(!dead.ok && dead.error.providerCode).toBe('messaging/registration-token-not-registered')
  })

  test('a batch of 1001 tokens is split into calls of at most 500, with one result per token in order', async () => {
    const tokens = Array.from({ length: 1001 }, (_, i) => `token-${i}`)
    fake.deadTokens.add('token-7').add('token-999').add('token-1000')
    const results = await transport.sendBatch(tokens, { title: 't', body: 'b' }, options)

    // Each sendEachForMulticast call opens its own HTTP/2 session: count requests per connection.
    const perConnection = new Map<number, number>()
    for (const r of fake.received) perConnection.set(r.connection, (perConnection.get(r.connection) ?? 0) + 1)
    expect([...perConnection.values()]).toEqual([500, 500, 1])
    expect(fake.received.map(r => r.body.message.token).sort()).toEqual([...tokens].sort())

    expect(results.map(r => r.address)).toEqual(tokens)
    expect(results.filter(r => !r.ok).map(r => r.address)).toEqual(['token-7', 'token-999', 'token-1000'])
    expect(results.filter(r => r.ok)).toHaveLength(998)
  })

  test('UNREGISTERED and an invalid token are invalid addresses', async () => {
    fake.failNext('unregistered')
    await expect(transport.send('gone', content, options)).rejects.toMatchObject({
      constructor: InvalidAddressError,
      providerCode: 'messaging/registration-token-not-registered',
    })
    fake.failNext('invalid-token')
    await expect(transport.send('garbage', content, options)).rejects.toMatchObject({
      constructor: InvalidAddressError,
      providerCode: 'messaging/invalid-argument',
    })
  })

  test('429 QUOTA_EXCEEDED, 500 INTERNAL and 503 UNAVAILABLE are transient', async () => {
    for (const kind of ['quota', 'internal', 'unavailable'] as const) {
      fake.failNext(kind)
      await expect(transport.send('token-a', content, options)).rejects.toBeInstanceOf(TransientTransportError)
    }
    fake.failNext('quota')
    const [result] = await transport.sendBatch(['token-a'], content, options)
    expect(!result.ok && result.error).toBeInstanceOf(TransientTransportError)
  })

  test('a bad payload, a sender mismatch and bad credentials are permanent', async () => {
    fake.failNext('invalid-payload')
    await expect(transport.send('token-a', content, options)).rejects.toMatchObject({
      constructor: PermanentTransportError,
      providerCode: 'messaging/invalid-argument',
    })
    fake.failNext('sender-mismatch')
    await expect(transport.send('token-a', content, options)).rejects.toBeInstanceOf(PermanentTransportError)

    const wrongToken = fcmTransport('expired-token')
    try {
      await expect(wrongToken.send('token-a', content, options)).rejects.toBeInstanceOf(PermanentTransportError)
      const results = await wrongToken.sendBatch(['a', 'b'], content, options)
      expect(results.map(r => !r.ok && r.error.constructor)).toEqual([PermanentTransportError, PermanentTransportError])
    } finally {
      await wrongToken.close()
    }
  })

  test('fcmFromEnv needs project, client e-mail and private key', async () => {
    expect(fcmFromEnv({ FCM_PROJECT_ID: projectId })).toBeUndefined()
    const { privateKey } = (await import('node:crypto')).generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    })
    const fromEnv = fcmFromEnv({
      FCM_PROJECT_ID: projectId,
      FCM_CLIENT_EMAIL: 'push@cms-test-project.iam.gserviceaccount.com',
      FCM_PRIVATE_KEY: privateKey.replace(/\n/g, '\\n'), // as pasted into a one-line env var
    })
    expect(fromEnv).toBeInstanceOf(FcmPushTransport)
    await fromEnv!.close()
  })
})
