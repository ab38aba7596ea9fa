// The Telegram channel plugin: TelegramUserChat, one-time link tokens, the bot's webhook (/start, /stop)
// and the `telegram` channel over the Bot API (telegraf).
import { telegramFromEnv } from '../../adapters/telegram/bot-api'
import type { TransportEnv } from '../../adapters/transport/http-errors'
import { LazyTransports, type TransportFactory } from '../../adapters/transport/lazy-transports'
import type { TelegramContent, Transport } from '../../adapters/transport/types'
import { telegramLists, telegramPrismaExtensions } from '../../schema/telegram'
import { definePlugin } from '../kernel'
import '../notifications/contributions'
import { telegramChannel } from './channel'
import { telegramGraphql } from './graphql'
import { telegramWebhookRoute } from './webhook-route'

export { TELEGRAM_CHANNEL } from './channel'
export { TELEGRAM_WEBHOOK_PATH } from './webhook-route'

export type TelegramPluginOptions = {
  transports: readonly TransportFactory<Transport<TelegramContent, string>>[]
  /** The bot's @username, for t.me links. Without it createTelegramLink answers TELEGRAM_NOT_CONFIGURED. */
  botUsername?: string
  /** The setWebhook secret_token. Without it the webhook route is not served. */
  webhookSecret?: string
  linkTtlMs?: number
}

export const DEFAULT_LINK_TTL_MS = 15 * 60 * 1000

export function telegramPlugin(options: TelegramPluginOptions) {
  const transports = new LazyTransports(options.transports)
  const { webhookSecret } = options
  if (webhookSecret !== undefined && !/^[A-Za-z0-9_-]{16,256}$/.test(webhookSecret)) {
    // Telegram's own rule for secret_token is 1-256 of these characters; 16 keeps it unguessable
    throw new Error('TELEGRAM_WEBHOOK_SECRET must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -')
  }
  const reply = async (chatId: string, text: string) => {
    const [bot] = transports.list
    if (bot) await bot.send(chatId, { text }, { idempotencyKey: `telegram-reply-${chatId}-${Date.now()}` })
  }
  return definePlugin({
    name: 'telegram',
    requires: ['notifications'],
    lists: telegramLists,
    extendPrismaSchema: schema => telegramPrismaExtensions.reduce((s, extend) => extend(s), schema),
    extendGraphqlSchema: telegramGraphql({ botUsername: options.botUsername, linkTtlMs: options.linkTtlMs ?? DEFAULT_LINK_TTL_MS }),
    extendExpressApp: webhookSecret ? (app, context) => telegramWebhookRoute(app, context, { secret: webhookSecret, reply }) : undefined,
    contributes: { channels: [telegramChannel(transports)], closers: [() => transports.close()] },
  })
}

/** TELEGRAM_BOT_TOKEN (+ TELEGRAM_API_ROOT), TELEGRAM_BOT_USERNAME, TELEGRAM_WEBHOOK_SECRET, TELEGRAM_LINK_TTL_MINUTES. */
export function telegramPluginFromEnv(env: TransportEnv) {
  const ttl = env.TELEGRAM_LINK_TTL_MINUTES?.trim()
  const minutes = ttl ? Number(ttl) : undefined
  if (minutes !== undefined && (!Number.isFinite(minutes) || minutes <= 0)) throw new Error(`TELEGRAM_LINK_TTL_MINUTES must be a positive number (got "${ttl}")`)
  return telegramPlugin({
    transports: [() => telegramFromEnv(env)],
    botUsername: env.TELEGRAM_BOT_USERNAME?.trim().replace(/^@/, '') || undefined,
    webhookSecret: env.TELEGRAM_WEBHOOK_SECRET?.trim() || undefined,
    linkTtlMs: minutes !== undefined ? minutes * 60_000 : undefined,
  })
}
