// `npm run telegram:webhook`: registers the Telegram webhook (plugins/telegram/register-webhook.ts).
import { registerTelegramWebhook } from '../plugins/telegram/register-webhook'

registerTelegramWebhook(process.env).then(
  ({ url }) => console.log(`Telegram will deliver the bot's messages to ${url}`),
  error => {
    console.error(`telegram:webhook: ${(error as Error).message}`)
    process.exit(1)
  }
)
