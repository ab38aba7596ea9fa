import { addCompositeUnique } from '../shared/prisma-schema'
import { TelegramLinkToken, TelegramUserChat } from './telegram-user-chat'

export const telegramLists = { TelegramUserChat, TelegramLinkToken }

export const telegramPrismaExtensions = [
  // one chat per user (chatId is unique by its field config): a re-link replaces, never adds
  addCompositeUnique('TelegramUserChat', ['userId'], 'TelegramUserChat_userId_key'),
]
