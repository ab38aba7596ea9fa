// The Twilio transport through the real `twilio` SDK against a local Twilio REST fake.
import { TwilioSmsTransport, twilioFromEnv } from '../../../adapters/sms/twilio'
import { InvalidAddressError, PermanentTransportError, TransientTransportError } from '../../../adapters/transport/types'
import { startTwilioFake } from '../../fakes/twilio'

const accountSid = 'AC' + '1'.repeat(32)
const authToken = 'test-auth-token'
const options = { idempotencyKey: 'msg-1:sms:+15550001111' }
let fake: Awaited<ReturnType<typeof startTwilioFake>>
let transport: TwilioSmsTransport

beforeAll(async () => {
  fake = await startTwilioFake({ accountSid, authToken })
  transport = new TwilioSmsTransport({
    accountSid,
    authToken,
    from: '+15550009999',
    statusCallbackUrl: 'https://cms.example.com/api/sms/twilio/status',
    apiBaseUrl: fake.url,
  })
})
afterAll(() => fake.close())
beforeEach(() => fake.received.splice(0))

describe('Twilio SMS transport', () => {
  test('sends through the SDK: the fake receives To, From, Body, StatusCallback and Basic auth', async () => {
    const result = await transport.send('+15550001111', { text: 'Water is off 10:00–14:00 €' }, options)
    expect(result.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/)
    expect(fake.received).toEqual([
      {
        accountSid,
        auth: { username: accountSid, password: authToken },
        params: {
          To: '+15550001111',
          From: '+15550009999',
          Body: 'Water is off 10:00–14:00 €',
          StatusCallback: 'https://cms.example.com/api/sms/twilio/status',
        },
      },
    ])
  })

  test('a Messaging Service SID is sent as MessagingServiceSid instead of From', async () => {
    const viaService = new TwilioSmsTransport({ accountSid, authToken, from: 'MG' + '2'.repeat(32), apiBaseUrl: fake.url })
    await viaService.send('+15550001111', { text: 'hi' }, options)
    expect(fake.received[0].params).toEqual({ To: '+15550001111', MessagingServiceSid: 'MG' + '2'.repeat(32), Body: 'hi' })
  })

  test('429 and 5xx are transient', async () => {
    fake.failNext('rate-limit')
    await expect(transport.send('+15550001111', { text: 'x' }, options)).rejects.toMatchObject({
      constructor: TransientTransportError,
      providerCode: 20429,
    })
    fake.failNext('server-error')
    await expect(transport.send('+15550001111', { text: 'x' }, options)).rejects.toBeInstanceOf(TransientTransportError)
  })

  test('a region without permission is permanent (the next transport may have it)', async () => {
    fake.failNext('region-disabled')
    const error = await transport.send('+15550001111', { text: 'x' }, options).catch(e => e)
    expect(error).toBeInstanceOf(PermanentTransportError)
    expect(error).toMatchObject({ providerCode: 21408 })
    expect(error.message).toContain('Permission to send an SMS has not been enabled')
  })

  test('wrong credentials are permanent', async () => {
    const wrong = new TwilioSmsTransport({ accountSid, authToken: 'wrong', from: '+15550009999', apiBaseUrl: fake.url })
    await expect(wrong.send('+15550001111', { text: 'x' }, options)).rejects.toMatchObject({
      constructor: PermanentTransportError,
      providerCode: 20003,
    })
  })

  test('an invalid or unsubscribed number is an invalid address', async () => {
    fake.failNext('invalid-number')
    await expect(transport.send('+1555', { text: 'x' }, options)).rejects.toMatchObject({
      constructor: InvalidAddressError,
      providerCode: 21211,
    })
    fake.failNext('unsubscribed')
    await expect(transport.send('+15550001111', { text: 'x' }, options)).rejects.toBeInstanceOf(InvalidAddressError)
  })

  test('a server that is down is transient', async () => {
    const down = new TwilioSmsTransport({ accountSid, authToken, from: '+15550009999', apiBaseUrl: 'http://127.0.0.1:1' })
    await expect(down.send('+15550001111', { text: 'x' }, options)).rejects.toBeInstanceOf(TransientTransportError)
  })

  test('twilioFromEnv needs SID, token and sender', () => {
    expect(twilioFromEnv({})).toBeUndefined()
    expect(twilioFromEnv({ TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken })).toBeUndefined()
    expect(twilioFromEnv({ TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM: '+15550009999' })).toBeInstanceOf(
      TwilioSmsTransport
    )
  })

  test('twilioFromEnv honours TWILIO_API_BASE_URL', async () => {
    const fromEnv = twilioFromEnv({
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_FROM: '+15550009999',
      TWILIO_API_BASE_URL: fake.url,
    })!
    await fromEnv.send('+15550002222', { text: 'env' }, options)
    expect(fake.received[0].params.To).toBe('+15550002222')
  })
})
