// Telegram messages through the Bot API with telegraf's `Telegram` client (sendMessage). The bot's
// webhook, /start linking and TelegramUserChat belong to the Telegram channel plugin; this file only
// delivers to a chat id and classifies what went wrong.
//
// Environment:
//   TELEGRAM_BOT_TOKEN      The bot's token from @BotFather. Required.
//   TELEGRAM_API_ROOT       Tests only (or a self-hosted Bot API server): replaces https://api.telegram.org.
//
// The transport is enabled when TELEGRAM_BOT_TOKEN is set.
//
// Classification: 429 is transient after `parameters.retry_after` seconds; 403 (bot blocked, kicked, user
// deactivated) and 400 "chat not found" are invalid addresses, so the channel unlinks the chat; other
// 4xx are permanent; 5xx and network failures are transient.
import type { Telegram } from 'telegraf'
import type { TransportEnv } from '../transport/http-errors'
import { isTransientStatus } from '../transport/http-errors'
import {
  InvalidAddressError,
  PermanentTransportError,
  TransientTransportError,
  type SendOptions,
  type SendResult,
  type TelegramContent,
  type Transport,
  type TransportError,
} from '../transport/types'

export type TelegramBotConfig = {
  token: string
  /** Tests only, or a self-hosted Bot API server. */
  apiRoot?: string
}

/** telegraf, loaded when a transport is made: processes that send no Telegram message never pay for it. */
const sdk = (): typeof import('telegraf') => require('telegraf')

const DEAD_CHAT_DESCRIPTIONS = /chat not found|user not found|PEER_ID_INVALID|chat_id is empty/i

export class TelegramBotTransport implements Transport<TelegramContent> {
  readonly name = 'telegram'
  private readonly telegram: Telegram

  constructor(config: TelegramBotConfig) {
    this.telegram = new (sdk().Telegram)(config.token, config.apiRoot ? { apiRoot: config.apiRoot } : {})
  }

  /** `chatId` as stored by the channel (a string: ids exceed 32 bits). */
  async send(chatId: string, content: TelegramContent, _options: SendOptions): Promise<SendResult> {
    try {
      const message = await this.telegram.sendMessage(chatId, content.text)
      return { providerMessageId: `${message.chat.id}:${message.message_id}` }
    } catch (error) {
      throw classifyTelegramError(error)
    }
  }
}

export function classifyTelegramError(error: unknown): TransportError {
  if (!(error instanceof sdk().TelegramError)) {
    return new TransientTransportError(`Telegram: ${(error as Error)?.message ?? String(error)}`, (error as { code?: string })?.code)
  }
  const { code, description } = error
  const text = `Telegram: ${code} ${description}`
  if (code === 429) {
    const retryAfter = error.parameters?.retry_after
    return new TransientTransportError(text, code, typeof retryAfter === 'number' ? retryAfter * 1000 : undefined)
  }
  if (code === 403 || (code === 400 && DEAD_CHAT_DESCRIPTIONS.test(description))) return new InvalidAddressError(text, code)
  if (isTransientStatus(code)) return new TransientTransportError(text, code)
  return new PermanentTransportError(text, code)
}

export function telegramFromEnv(env: TransportEnv): TelegramBotTransport | undefined {
  if (!env.TELEGRAM_BOT_TOKEN) return undefined
  return new TelegramBotTransport({ token: env.TELEGRAM_BOT_TOKEN, apiRoot: env.TELEGRAM_API_ROOT || undefined })
}
