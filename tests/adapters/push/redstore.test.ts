// The RedStore (RuStore push) transport, plain fetch, against a local RuStore push API fake.
import { RedstorePushTransport, redstoreFromEnv } from '../../../adapters/push/redstore'
import { InvalidAddressError, PermanentTransportError, TransientTransportError } from '../../../adapters/transport/types'
import { startRedstoreFake } from '../../fakes/redstore'

const projectId = 'rs-project-42'
const serviceToken = 'rs-service-token'
const content = { title: 'Water outage', body: 'Tomorrow 10:00–14:00', data: { messageId: 'msg-1' }, deepLink: 'cms://messages/msg-1' }
const options = { idempotencyKey: 'msg-1:push' }
let fake: Awaited<ReturnType<typeof startRedstoreFake>>
let transport: RedstorePushTransport

beforeAll(async () => {
  fake = await startRedstoreFake({ projectId, serviceToken })
  transport = new RedstorePushTransport({ projectId, serviceToken, baseUrl: fake.url })
})
afterAll(() => fake.close())
beforeEach(() => {
  fake.received.splice(0)
  fake.deadTokens.clear()
})

describe('RedStore push transport', () => {
  test('sends one message per token with the service token, notification, data and deep link', async () => {
    const result = await transport.send('rs-token-1', content, options)
    expect(result.providerMessageId).toBe('msg-1:push')
    expect(fake.received).toEqual([
      {
        projectId,
        authorization: `Bearer ${serviceToken}`,
        body: {
          message: {
            token: 'rs-token-1',
            notification: { title: 'Water outage', body: 'Tomorrow 10:00–14:00' },
            data: { messageId: 'msg-1', deepLink: 'cms://messages/msg-1' },
            android: { notification: { click_action: 'cms://messages/msg-1', click_action_type: 1 } },
          },
        },
      },
    ])
  })

  test('without data or deep link the message carries only token and notification', async () => {
    await transport.send('rs-token-1', { title: 't', body: 'b' }, options)
    expect(fake.received[0].body).toEqual({ message: { token: 'rs-token-1', notification: { title: 't', body: 'b' } } })
  })

  test('sendBatch: one request per token, in parallel, with each token reported in order', async () => {
    const tokens = Array.from({ length: 20 }, (_, i) => `rs-${i}`)
    fake.deadTokens.add('rs-3').add('rs-17')
    const results = await transport.sendBatch(tokens, content, options)
    expect(fake.received.map(r => r.body.message.token).sort()).toEqual([...tokens].sort())
    expect(fake.maxConcurrent()).toBeGreaterThan(1)
    expect(results.map(r => r.address)).toEqual(tokens)
    expect(results.filter(r => !r.ok).map(r => [r.address, !r.ok && r.error.constructor])).toEqual([
      ['rs-3', InvalidAddressError],
      ['rs-17', InvalidAddressError],
    ])
    expect(results.find(r => r.address === 'rs-0')).toEqual({ address: 'rs-0', ok: true, providerMessageId: 'msg-1:push:rs-0' })
  })

  test('404 NOT_FOUND and a 400 about the token are invalid addresses', async () => {
    fake.deadTokens.add('gone')
    await expect(transport.send('gone', content, options)).rejects.toMatchObject({ constructor: InvalidAddressError, providerCode: 'NOT_FOUND' })
    fake.failNext('invalid-token')
    await expect(transport.send('garbage', content, options)).rejects.toMatchObject({
      constructor: InvalidAddressError,
      providerCode: 'INVALID_ARGUMENT',
    })
  })

  test('429 is transient with Retry-After; 503 is transient', async () => {
    fake.failNext('rate-limit')
    await expect(transport.send('rs-token-1', content, options)).rejects.toMatchObject({
      constructor: TransientTransportError,
      providerCode: 'RESOURCE_EXHAUSTED',
      retryAfterMs: 3000,
    })
    fake.failNext('unavailable')
    await expect(transport.send('rs-token-1', content, options)).rejects.toBeInstanceOf(TransientTransportError)
  })

  test('a bad payload, a blocked project and a wrong service token are permanent', async () => {
    fake.failNext('invalid-payload')
    await expect(transport.send('rs-token-1', content, options)).rejects.toBeInstanceOf(PermanentTransportError)
    fake.failNext('forbidden')
    await expect(transport.send('rs-token-1', content, options)).rejects.toMatchObject({
      constructor: PermanentTransportError,
      providerCode: 'PERMISSION_DENIED',
    })
    const wrong = new RedstorePushTransport({ projectId, serviceToken: 'nope', baseUrl: fake.url })
    const error = await wrong.send('rs-token-1', content, options).catch(e => e)
    expect(error).toBeInstanceOf(PermanentTransportError)
    expect(error.message).toBe('RedStore: HTTP 401 UNAUTHENTICATED invalid service token')
  })

  test('an unreachable service is transient', async () => {
    const down = new RedstorePushTransport({ projectId, serviceToken, baseUrl: 'http://127.0.0.1:1' })
    await expect(down.send('rs-token-1', content, options)).rejects.toBeInstanceOf(TransientTransportError)
  })

  test('redstoreFromEnv needs project id and service token', async () => {
    expect(redstoreFromEnv({ REDSTORE_PROJECT_ID: projectId })).toBeUndefined()
    const fromEnv = redstoreFromEnv({ REDSTORE_PROJECT_ID: projectId, REDSTORE_SERVICE_TOKEN: serviceToken, REDSTORE_API_BASE_URL: fake.url })!
    await fromEnv.send('rs-env', content, options)
    expect(fake.received[0].body.message.token).toBe('rs-env')
  })
})
