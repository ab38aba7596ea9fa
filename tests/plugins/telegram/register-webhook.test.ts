// `npm run telegram:webhook` against the local Bot API: the URL under PUBLIC_URL, the secret the route
// checks, message updates only; missing settings and Telegram's refusal are one clear line each.
import { registerTelegramWebhook } from '../../../plugins/telegram/register-webhook'
import { startTelegramFake } from '../../fakes/telegram'

const TOKEN = '123456:test-token'
let fake: Awaited<ReturnType<typeof startTelegramFake>>
beforeAll(async () => {
  fake = await startTelegramFake({ token: TOKEN })
})
afterAll(() => fake.close())

const env = (extra: Record<string, string> = {}) => ({
  TELEGRAM_BOT_TOKEN: TOKEN,
  TELEGRAM_API_ROOT: fake.url,
  TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-0123456789',
  PUBLIC_URL: 'https://cms.example.com/',
  ...extra,
})

test('registers PUBLIC_URL/api/webhooks/telegram with the secret token, for messages only', async () => {
  expect(await registerTelegramWebhook(env())).toEqual({ url: 'https://cms.example.com/api/webhooks/telegram', allowedUpdates: ['message'] })
  expect(fake.webhook()).toMatchObject({
    url: 'https://cms.example.com/api/webhooks/telegram',
    secret_token: 'webhook-secret-0123456789',
    allowed_updates: ['message'],
  })
})

test('names every missing setting', async () => {
  await expect(registerTelegramWebhook({ TELEGRAM_API_ROOT: fake.url })).rejects.toThrow(
    'Set TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET, PUBLIC_URL to register the Telegram webhook'
  )
})

test("Telegram's refusal (a plain-HTTP URL) is reported with the URL", async () => {
  await expect(registerTelegramWebhook(env({ PUBLIC_URL: 'http://localhost:3000' }))).rejects.toThrow(
    /Telegram refused the webhook http:\/\/localhost:3000\/api\/webhooks\/telegram: .*HTTPS URL must be provided/
  )
})
