import { list } from '@keystone-6/core'
import { relationship, text, timestamp } from '@keystone-6/core/fields'
import { isAdmin, isSignedIn } from '../shared/access'
import type { Session } from '../shared/session'

type Args = { session?: Session }
const denyAll = () => false
const readOnly = { ui: { itemView: { fieldMode: 'read' as const } } }

/** Admins all; a signed-in user their own link. */
export function telegramUserChatFilter({ session }: Args) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  return { user: { id: { equals: session.itemId } } }
}

/**
 * A user's Telegram chat with the bot, made by the bot's webhook when the user opens their one-time link
 * (/start <token>) and removed by /stop, or when Telegram says the user blocked the bot. One chat per user
 * and one user per chat (unique both ways).
 */
export const TelegramUserChat = list({
  access: {
    operation: { query: isSignedIn, create: denyAll, update: denyAll, delete: isAdmin },
    filter: { query: telegramUserChatFilter },
  },
  ui: { labelField: 'chatId', hideCreate: true, listView: { initialColumns: ['user', 'chatId', 'linkedAt'] } },
  fields: {
    user: relationship({ ref: 'User', ...readOnly }),
    /** A string: Telegram chat ids exceed 32 bits. */
    chatId: text({ isIndexed: 'unique', validation: { isRequired: true }, ...readOnly }),
    linkedAt: timestamp({ defaultValue: { kind: 'now' }, ...readOnly }),
  },
})

/**
 * One-time link tokens (t.me/<bot>?start=<token>): only the sha256 is kept; expiring, single use.
 * Internal to the Telegram plugin: not in the GraphQL API nor the Admin UI.
 */
export const TelegramLinkToken = list({
  access: denyAll,
  graphql: { omit: true },
  ui: { hideNavigation: true },
  fields: {
    tokenHash: text({ isIndexed: 'unique', validation: { isRequired: true } }),
    user: relationship({ ref: 'User' }),
    expiresAt: timestamp({ validation: { isRequired: true } }),
    usedAt: timestamp(),
  },
})
