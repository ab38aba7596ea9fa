// The Telegram channel: the chat the user linked through the bot, the type's `telegram` template (or
// `default`) as plain text; a chat whose user blocked the bot (403) is unlinked.
import type { LazyTransports } from '../../adapters/transport/lazy-transports'
import type { TelegramContent, Transport } from '../../adapters/transport/types'
import type { Channel } from '../../tasks/delivery/contracts'
import { renderTemplates } from '../../tasks/delivery/templates'
import { loaderByKey } from '../../tasks/delivery/turn-batch'
import { unlinkChat } from './links'

/** The linked chat of each user of a delivery run, in one query per run. */
const chatOf = loaderByKey<string>(async (prisma, userIds) => {
  const chats: { userId: string; chatId: string }[] = await prisma.telegramUserChat.findMany({ where: { userId: { in: userIds } }, select: { userId: true, chatId: true } })
  return new Map(chats.map(chat => [chat.userId, chat.chatId]))
})

export const TELEGRAM_CHANNEL = 'telegram'
/** sendMessage's limit, in UTF-16 code units. */
export const TELEGRAM_MAX_TEXT = 4096

export function telegramChannel(transports: LazyTransports<Transport<TelegramContent, string>>): Channel<TelegramContent, string> {
  return {
    name: TELEGRAM_CHANNEL,
    preferenceKey: TELEGRAM_CHANNEL,
    transports: () => transports.list,
    reachableUsers: { from_TelegramUserChat_user: { some: {} } },
    async resolveAddresses(recipient, { context }) {
      if (!recipient.userId) return []
      const chatId = await chatOf(context.prisma, recipient.userId)
      return chatId ? [chatId] : []
    },
    render(input) {
      const { parts } = renderTemplates(input.type, TELEGRAM_CHANNEL, input.locale, { ...input.meta, unsubscribeUrl: input.unsubscribeUrl })
      const text = (parts.text ?? [parts.title, parts.body].filter(Boolean).join('\n\n')).trim()
      if (!text) throw new Error(`message type ${input.type.type} has no "text" (or title/body) in its telegram template`)
      if (text.length > TELEGRAM_MAX_TEXT) throw new Error(`the Telegram text of ${input.type.type} is ${text.length} characters, more than Telegram's ${TELEGRAM_MAX_TEXT}`)
      return { text }
    },
    async pruneAddress(chatId, _recipient, { context }) {
      await unlinkChat(context.prisma, chatId)
    },
  }
}
