// `npm run telegram:webhook`: tells Telegram where to deliver the bot's updates (setWebhook), with the
// secret the webhook route checks. Run once per deployment, and again when PUBLIC_URL or the secret
// changes. Telegram requires HTTPS on ports 443, 80, 88 or 8443 for a public URL.
import { Telegram } from 'telegraf'
import type { TransportEnv } from '../../adapters/transport/http-errors'
import { TELEGRAM_WEBHOOK_PATH } from './webhook-route'

export type WebhookRegistration = { url: string; allowedUpdates: string[] }

/** Registers the webhook from the environment; throws a one-line Error naming what is missing or what Telegram said. */
export async function registerTelegramWebhook(env: TransportEnv): Promise<WebhookRegistration> {
  const token = env.TELEGRAM_BOT_TOKEN?.trim()
  const secret = env.TELEGRAM_WEBHOOK_SECRET?.trim()
  const publicUrl = env.PUBLIC_URL?.trim()
  const missing = [!token && 'TELEGRAM_BOT_TOKEN', !secret && 'TELEGRAM_WEBHOOK_SECRET', !publicUrl && 'PUBLIC_URL'].filter(Boolean)
  if (missing.length) throw new Error(`Set ${missing.join(', ')} to register the Telegram webhook`)
  const url = `${publicUrl!.replace(/\/+$/, '')}${TELEGRAM_WEBHOOK_PATH}`
  // only messages: /start and /stop are all the webhook route handles
  const allowedUpdates = ['message']
  const telegram = new Telegram(token!, env.TELEGRAM_API_ROOT?.trim() ? { apiRoot: env.TELEGRAM_API_ROOT.trim() } : undefined)
  try {
    await telegram.setWebhook(url, { secret_token: secret, allowed_updates: allowedUpdates as any, drop_pending_updates: false })
  } catch (error) {
    throw new Error(`Telegram refused the webhook ${url}: ${(error as Error).message}`)
  }
  return { url, allowedUpdates }
}
