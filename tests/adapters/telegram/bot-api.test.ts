// The Telegram transport through telegraf's real Bot API client against a local Bot API fake.
import { TelegramBotTransport, telegramFromEnv } from '../../../adapters/telegram/bot-api'
import { InvalidAddressError, PermanentTransportError, TransientTransportError } from '../../../adapters/transport/types'
import { startTelegramFake } from '../../fakes/telegram'

const token = '123456:TEST-token_abc'
const options = { idempotencyKey: 'msg-1:telegram:5550001' }
const chatId = '5550001'
let fake: Awaited<ReturnType<typeof startTelegramFake>>
let transport: TelegramBotTransport

beforeAll(async () => {
  fake = await startTelegramFake({ token })
  transport = new TelegramBotTransport({ token, apiRoot: fake.url })
})
afterAll(() => fake.close())
beforeEach(() => {
  fake.received.splice(0)
  fake.blockedChats.clear()
  fake.unknownChats.clear()
})

describe('Telegram Bot API transport', () => {
  test('sendMessage: the fake receives the bot token in the path, the chat id and the text', async () => {
    const result = await transport.send(chatId, { text: 'Water is off tomorrow 10:00–14:00 🚱' }, options)
    expect(result.providerMessageId).toMatch(/^5550001:\d+$/)
    expect(fake.received).toEqual([
      { token, method: 'sendMessage', params: { chat_id: chatId, text: 'Water is off tomorrow 10:00–14:00 🚱' } },
    ])
  })

  test('a chat id beyond 32 bits (supergroups: -100...) goes through as given', async () => {
    await transport.send('-1001234567890', { text: 'hi' }, options)
    expect(fake.received[0].params.chat_id).toBe('-1001234567890')
  })

  test('429 is transient with retry_after as the delay', async () => {
    fake.failNext('rate-limit')
    await expect(transport.send(chatId, { text: 'x' }, options)).rejects.toMatchObject({
      constructor: TransientTransportError,
      providerCode: 429,
      retryAfterMs: 7000,
    })
  })

  test('a 502 and an unreachable API are transient', async () => {
    fake.failNext('bad-gateway')
    await expect(transport.send(chatId, { text: 'x' }, options)).rejects.toMatchObject({ constructor: TransientTransportError, providerCode: 502 })
    const down = new TelegramBotTransport({ token, apiRoot: 'http://127.0.0.1:1' })
    await expect(down.send(chatId, { text: 'x' }, options)).rejects.toBeInstanceOf(TransientTransportError)
  })

  test('a blocked bot (403) and an unknown chat (400 chat not found) are invalid addresses', async () => {
    fake.blockedChats.add(chatId)
    const blocked = await transport.send(chatId, { text: 'x' }, options).catch(e => e)
    expect(blocked).toBeInstanceOf(InvalidAddressError)
    expect(blocked).toMatchObject({ providerCode: 403, message: 'Telegram: 403 Forbidden: bot was blocked by the user' })
    fake.unknownChats.add('42')
    await expect(transport.send('42', { text: 'x' }, options)).rejects.toMatchObject({ constructor: InvalidAddressError, providerCode: 400 })
  })

  test('other 400s and a wrong bot token are permanent', async () => {
    fake.failNext('message-too-long')
    await expect(transport.send(chatId, { text: 'x' }, options)).rejects.toMatchObject({ constructor: PermanentTransportError, providerCode: 400 })
    const wrong = new TelegramBotTransport({ token: '999:wrong', apiRoot: fake.url })
    await expect(wrong.send(chatId, { text: 'x' }, options)).rejects.toMatchObject({ constructor: PermanentTransportError, providerCode: 401 })
  })

  test('telegramFromEnv needs the bot token', async () => {
    expect(telegramFromEnv({})).toBeUndefined()
    const fromEnv = telegramFromEnv({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: fake.url })!
    await fromEnv.send(chatId, { text: 'env' }, options)
    expect(fake.received[0].params.text).toBe('env')
  })
})
