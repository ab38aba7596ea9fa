// The Vonage SMS transport (plain fetch) against a local Vonage SMS API fake.
import { VonageSmsTransport, vonageFromEnv } from '../../../adapters/sms/vonage'
import { InvalidAddressError, PermanentTransportError, TransientTransportError } from '../../../adapters/transport/types'
import { startVonageFake } from '../../fakes/vonage'

const credentials = { apiKey: 'key123', apiSecret: 'secret456' }
const options = { idempotencyKey: 'msg-1:sms:+447700900000' }
let fake: Awaited<ReturnType<typeof startVonageFake>>
let transport: VonageSmsTransport

beforeAll(async () => {
  fake = await startVonageFake(credentials)
  transport = new VonageSmsTransport({ ...credentials, from: 'HomeCMS', baseUrl: fake.url })
})
afterAll(() => fake.close())
beforeEach(() => fake.received.splice(0))

describe('Vonage SMS transport', () => {
  test('sends a GSM-7 text: the fake receives credentials, sender, digits-only recipient and client-ref', async () => {
    const result = await transport.send('+447700900000', { text: 'Your code is 1234' }, options)
    expect(result.providerMessageId).toMatch(/^[0-9A-F]{16}$/)
    expect(fake.received).toEqual([
      {
        contentType: 'application/x-www-form-urlencoded',
        params: {
          api_key: 'key123',
          api_secret: 'secret456',
          from: 'HomeCMS',
          to: '447700900000',
          text: 'Your code is 1234',
          type: 'text',
          'client-ref': 'msg-1:sms:+447700900000',
        },
      },
    ])
  })

  test('a Cyrillic text is sent as type=unicode; a long one answers several parts and the first id is kept', async () => {
    const text = 'Отключение воды завтра с 10:00 до 14:00. '.repeat(3)
    const result = await transport.send('+79990001122', { text }, options)
    expect(fake.received[0].params).toMatchObject({ to: '79990001122', type: 'unicode', text })
    expect(result.providerMessageId).toMatch(/^[0-9A-F]{16}$/)
  })

  test('throttling and internal errors are transient', async () => {
    fake.failNext('throttled')
    await expect(transport.send('+447700900000', { text: 'x' }, options)).rejects.toMatchObject({
      constructor: TransientTransportError,
      providerCode: '1',
    })
    fake.failNext('internal-error')
    await expect(transport.send('+447700900000', { text: 'x' }, options)).rejects.toBeInstanceOf(TransientTransportError)
  })

  test('an HTTP 503 is transient with the Retry-After delay', async () => {
    fake.failNext('http-503')
    await expect(transport.send('+447700900000', { text: 'x' }, options)).rejects.toMatchObject({
      constructor: TransientTransportError,
      providerCode: 503,
      retryAfterMs: 7000,
    })
  })

  test('no credit and bad credentials are permanent', async () => {
    fake.failNext('quota')
    const error = await transport.send('+447700900000', { text: 'x' }, options).catch(e => e)
    expect(error).toBeInstanceOf(PermanentTransportError)
    expect(error.message).toBe('Vonage: status 9: Partner Quota Violation')
    const wrong = new VonageSmsTransport({ apiKey: 'key123', apiSecret: 'nope', from: 'HomeCMS', baseUrl: fake.url })
    await expect(wrong.send('+447700900000', { text: 'x' }, options)).rejects.toMatchObject({
      constructor: PermanentTransportError,
      providerCode: '4',
    })
  })

  test('a barred number is an invalid address', async () => {
    fake.failNext('number-barred')
    await expect(transport.send('+447700900000', { text: 'x' }, options)).rejects.toMatchObject({
      constructor: InvalidAddressError,
      providerCode: '7',
    })
  })

  test('an unreachable API is transient', async () => {
    const down = new VonageSmsTransport({ ...credentials, from: 'HomeCMS', baseUrl: 'http://127.0.0.1:1' })
    await expect(down.send('+447700900000', { text: 'x' }, options)).rejects.toBeInstanceOf(TransientTransportError)
  })

  test('vonageFromEnv needs key, secret and sender', async () => {
    expect(vonageFromEnv({ VONAGE_API_KEY: 'k', VONAGE_API_SECRET: 's' })).toBeUndefined()
    const fromEnv = vonageFromEnv({ VONAGE_API_KEY: 'key123', VONAGE_API_SECRET: 'secret456', VONAGE_FROM: '15550009999', VONAGE_API_BASE_URL: fake.url })!
    await fromEnv.send('+447700900000', { text: 'env' }, options)
    expect(fake.received[0].params.from).toBe('15550009999')
  })
})
