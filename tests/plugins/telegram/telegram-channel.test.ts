// The Telegram channel end to end: a resident asks for a link (GraphQL over HTTP), "opens" it — the bot's
// webhook route receives /start <token> — and gets messages through telegraf against a local Bot API fake;
// wrong webhook secrets change nothing; /stop and a blocked bot unlink; 429 waits retry_after.
import { sendMessage } from '../../../plugins/notifications'
import { TELEGRAM_WEBHOOK_PATH } from '../../../plugins/telegram'
import { REPLIES } from '../../../plugins/telegram/webhook-route'
import { startTestApp, type TestApp } from '../../harness/app'
import { createUser } from '../../harness/factories'
import { gql, signIn } from '../../harness/http'
import { startTelegramFake } from '../../fakes/telegram'
import { drain, messageById } from '../notifications/fixtures'
import { channelTypesPlugin, traceRows } from '../channel-types'

const BOT_TOKEN = '123456:test-bot-token'
const SECRET = 'webhook-secret-for-tests-0123456789'
let bot: Awaited<ReturnType<typeof startTelegramFake>>
let app: TestApp
let prisma: any
let updateId = 0

beforeAll(async () => {
  bot = await startTelegramFake({ token: BOT_TOKEN, botUsername: 'cms_test_bot' })
  app = await startTestApp({
    http: true,
    channels: 'env',
    plugins: [channelTypesPlugin],
    env: { TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_API_ROOT: bot.url, TELEGRAM_BOT_USERNAME: '@cms_test_bot', TELEGRAM_WEBHOOK_SECRET: SECRET },
  })
  prisma = app.context.prisma
})
afterAll(async () => {
  await app.close()
  await bot.close()
})
beforeEach(() => bot.received.splice(0))

const LINK = `mutation { createTelegramLink { url expiresAt } }`

async function resident() {
  const user = await createUser(app.context, { type: 'resident', password: 'resident-pass-1' })
  const { result } = await signIn(app.url, user.email!, 'resident-pass-1')
  return { user, headers: { authorization: `Bearer ${result.sessionToken}` } }
}

async function askForLink(headers: Record<string, string>) {
  const res = await gql(app.url, LINK, {}, headers)
  expect(res.body.errors).toBeUndefined()
  const url = new URL(res.body.data.createTelegramLink.url)
  return { url, token: url.searchParams.get('start')! }
}

/** What Telegram POSTs to the webhook when the user sends `text` in the private chat `chatId`. */
/** `secret` null: no header at all. */
function update(chatId: number, text: string, secret: string | null = SECRET) {
  return fetch(`${app.url}${TELEGRAM_WEBHOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret !== null ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
    body: JSON.stringify({
      update_id: ++updateId,
      message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'R' }, text },
    }),
  })
}

const chatOf = (userId: string) => prisma.telegramUserChat.findFirst({ where: { userId }, select: { chatId: true } })
const replies = () => bot.received.filter(r => r.method === 'sendMessage').map(r => [String(r.params.chat_id), r.params.text])

async function linkedResident(chatId: number) {
  const me = await resident()
  const { token } = await askForLink(me.headers)
  expect((await update(chatId, `/start ${token}`)).status).toBe(200)
  expect(await chatOf(me.user.id)).toEqual({ chatId: String(chatId) })
  bot.received.splice(0)
  return me
}

async function send(userId: string) {
  const { id } = await sendMessage(app.context, { type: 'TEST_TELEGRAM', to: { userId }, meta: { title: 'Heating', body: 'Back on at 18:00' } })
  await drain(app)
  return messageById(app, id)
}

describe('linking through the webhook route', () => {
  test('the link is a t.me deep link with a one-time token; /start <token> with the right secret links the chat and the bot answers', async () => {
    const me = await resident()
    const { url, token } = await askForLink(me.headers)
    expect(`${url.origin}${url.pathname}`).toBe('https://t.me/cms_test_bot')
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(JSON.stringify(await prisma.telegramLinkToken.findMany())).not.toContain(token) // stored hashed

    const res = await update(700001, `/start ${token}`)
    expect(res.status).toBe(200)
    expect(await chatOf(me.user.id)).toEqual({ chatId: '700001' })
    expect(replies()).toEqual([['700001', REPLIES.linked]])

    // single use: the same token from another chat does nothing
    bot.received.splice(0)
    await update(700002, `/start ${token}`)
    expect(await prisma.telegramUserChat.count({ where: { chatId: '700002' } })).toBe(0)
    expect(replies()).toEqual([['700002', REPLIES.invalid]])
  })

  test('a wrong or missing secret is 401 and links nothing', async () => {
    const me = await resident()
    const { token } = await askForLink(me.headers)
    for (const secret of ['wrong-secret-wrong-secret-000000000', SECRET.slice(0, -1), '', null]) {
      expect([secret, (await update(700003, `/start ${token}`, secret)).status]).toEqual([secret, 401])
    }
    expect(await chatOf(me.user.id)).toBeNull()
    expect(bot.received).toHaveLength(0)
    // the token was not spent by the forged calls
    expect((await update(700003, `/start ${token}`)).status).toBe(200)
    expect(await chatOf(me.user.id)).toEqual({ chatId: '700003' })
  })

  test('/stop unlinks; an expired token is refused; relinking moves the user to the new chat', async () => {
    const me = await linkedResident(700004)
    await update(700004, '/stop')
    expect(await chatOf(me.user.id)).toBeNull()
    expect(replies()).toEqual([['700004', REPLIES.stopped]])

    const { token } = await askForLink(me.headers)
    await prisma.telegramLinkToken.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) }, where: { usedAt: null, userId: me.user.id } })
    bot.received.splice(0)
    await update(700004, `/start ${token}`)
    expect(await chatOf(me.user.id)).toBeNull()
    expect(replies()).toEqual([['700004', REPLIES.expired]])

    await update(700005, `/start ${(await askForLink(me.headers)).token}`)
    await update(700006, `/start ${(await askForLink(me.headers)).token}`)
    expect(await prisma.telegramUserChat.findMany({ where: { userId: me.user.id }, select: { chatId: true } })).toEqual([{ chatId: '700006' }])
  })

  test('createTelegramLink needs a signed-in user', async () => {
    const res = await gql(app.url, LINK)
    expect(res.body.errors?.[0].extensions?.code).toBe('AUTHENTICATION_REQUIRED')
  })
})

describe('the telegram channel', () => {
  test('a linked user gets the message in their chat', async () => {
    const me = await linkedResident(710001)
    const message = await send(me.user.id)
    expect(message.status).toBe('sent')
    expect(traceRows(message)).toEqual([['sent', 'telegram', 'telegram']])
    expect(message.deliveries[0].providerMessageId).toMatch(/^710001:\d+$/)
    expect(bot.received).toEqual([{ token: BOT_TOKEN, method: 'sendMessage', params: { chat_id: '710001', text: 'Heating\nBack on at 18:00' } }])
  })

  test('a user who blocked the bot (403) is unlinked', async () => {
    const me = await linkedResident(710002)
    bot.blockedChats.add('710002')
    const message = await send(me.user.id)
    expect(message.status).toBe('error')
    expect(traceRows(message)[0]).toEqual(['invalidAddress', 'telegram', 'telegram'])
    expect(message.trace[0].error).toContain('403')
    expect(await chatOf(me.user.id)).toBeNull()
  })

  // last: it leaves a delayed retry in the queue, which closing the app discards
  test('429 is transient and the next run waits for retry_after', async () => {
    const me = await linkedResident(710003)
    bot.failNext('rate-limit')
    const { id } = await sendMessage(app.context, { type: 'TEST_TELEGRAM', to: { userId: me.user.id }, meta: { title: 'a', body: 'b' } })
    let message: any
    for (let i = 0; i < 100 && !message?.trace?.some((e: any) => e.outcome === 'retry'); i++) {
      await new Promise(resolve => setTimeout(resolve, 20))
      message = await messageById(app, id)
    }
    expect(message.status).toBe('processing')
    expect(message.trace.map((e: any) => [e.outcome, e.retryAfterMs])).toEqual([
      ['transient', 7000],
      ['retry', 7000],
    ])
    expect(message.dueAt.getTime() - Date.now()).toBeGreaterThan(5000)
  })
})
