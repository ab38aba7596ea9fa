// POST /api/webhooks/telegram: the bot's updates. Telegram sends the secret given to setWebhook in
// X-Telegram-Bot-Api-Secret-Token; anything else gets 401 and changes nothing. Handled: private-chat
// messages "/start <token>" (link) and "/stop" (unlink); the bot answers each. Every accepted update is
// acknowledged with 200, or Telegram would resend it.
import crypto from 'node:crypto'
import type { KeystoneContext } from '@keystone-6/core/types'
import { linkChat, unlinkChat } from './links'
import { readBody } from '../../adapters/http/read-body'
import { describeHttpError, sendJsonError } from '../../adapters/http/json-error'

export const TELEGRAM_WEBHOOK_PATH = '/api/webhooks/telegram'
const MAX_BODY = 256 * 1024

export type TelegramWebhookOptions = {
  secret: string
  /** Sends a reply; failures are logged, never fail the update (the link is made either way). */
  reply?: (chatId: string, text: string) => Promise<unknown>
}

const digest = (value: string) => crypto.createHash('sha256').update(value, 'utf8').digest()

/** Constant time whatever the lengths: compares digests. */
export function secretMatches(given: unknown, secret: string): boolean {
  return typeof given === 'string' && given.length > 0 && crypto.timingSafeEqual(digest(given), digest(secret))
}

async function jsonBody(req: any): Promise<any> {
  const body = await readBody(req, MAX_BODY)
  return typeof body === 'string' ? JSON.parse(body || '{}') : body
}

export const REPLIES = {
  linked: 'Done: you will get your notifications here. Send /stop to turn them off.',
  invalid: 'This link is not valid any more. Open the app and ask for a new Telegram link.',
  expired: 'This link has expired. Open the app and ask for a new Telegram link.',
  startWithoutToken: 'To get notifications here, open the app and follow its Telegram link.',
  stopped: 'You will not get notifications here any more. Use a new link from the app to turn them on again.',
  notLinked: 'This chat is not linked to an account.',
}

export function telegramWebhookRoute(app: any, context: KeystoneContext<any>, options: TelegramWebhookOptions) {
  app.post(TELEGRAM_WEBHOOK_PATH, async (req: any, res: any) => {
    if (!secretMatches(req.get('x-telegram-bot-api-secret-token'), options.secret)) return res.status(401).end()
    let update: any
    try {
      update = await jsonBody(req)
    } catch (error) {
      if (error instanceof SyntaxError) return sendJsonError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON')
      const { status, code, message } = describeHttpError(error)
      return sendJsonError(res, status, code, message)
    }
    try {
      const reply = await handleUpdate(context.sudo().prisma, update)
      if (reply && options.reply) await options.reply(reply.chatId, reply.text).catch(error => console.error('[telegram] reply failed:', (error as Error).message))
      res.status(200).json({ ok: true })
    } catch (error) {
      console.error('[telegram] webhook update failed:', (error as Error).message)
      res.status(500).end() // Telegram retries
    }
  })
}

/** What the update asks for, and the bot's answer (undefined: ignored update). */
export async function handleUpdate(prisma: any, update: any): Promise<{ chatId: string; text: string } | undefined> {
  const message = update?.message
  if (!message || message.chat?.type !== 'private' || typeof message.text !== 'string') return undefined
  const chatId = String(message.chat.id)
  const [command, argument] = message.text.trim().split(/\s+/, 2)
  const name = command.split('@')[0] // "/start@cms_bot" in groups; private chats too, sometimes
  if (name === '/start') {
    if (!argument) return { chatId, text: REPLIES.startWithoutToken }
    const outcome = await linkChat(prisma, argument, chatId)
    return { chatId, text: outcome.linked ? REPLIES.linked : REPLIES[outcome.reason] }
  }
  if (name === '/stop') return { chatId, text: (await unlinkChat(prisma, chatId)) ? REPLIES.stopped : REPLIES.notLinked }
  return undefined
}
