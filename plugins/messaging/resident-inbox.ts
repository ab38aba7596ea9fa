// A person's own inbox (the app's, the portal's): the threads they take or took part in, each with their
// unread count (read cursor) and the newest message they may see (read through the messages' access).
import type { KeystoneContext } from '@keystone-6/core/types'
import type { Session } from '../../schema/shared/session'
import { signInRequired } from './errors'
import { searchFilter, searchTerms } from './search'

export async function myInbox(context: KeystoneContext<any>, input: { take: number; skip: number; status?: string | null; search?: string | null; postgres: boolean }) {
  const session = context.session as Session | undefined
  if (!session) throw signInRequired()
  const where = {
    participants: { some: { user: { id: { equals: session.itemId } } } },
    ...(input.status ? { status: { equals: input.status } } : {}),
    // subject, unit, topic and the text of messages they may read (never an internal note)
    ...(input.search?.trim() ? await ownSearch(context, input.search, input.postgres) : {}),
  }
  const page = await context.db.Conversation.findMany({ where, orderBy: [{ lastMessageAt: 'desc' }], take: input.take, skip: input.skip })
  const ids = page.map((row: any) => String(row.id))
  const cursors = await context.sudo().prisma.conversationReadCursor.findMany({ where: { conversationId: { in: ids }, userId: session.itemId }, select: { conversationId: true, unreadCount: true } })
  const unread = new Map<string, number>(cursors.map((c: any) => [c.conversationId, c.unreadCount]))
  return Promise.all(
    page.map(async (conversation: any) => {
      const [lastMessage] = await context.db.ConversationMessage.findMany({ where: { conversation: { id: { equals: conversation.id } } }, orderBy: [{ createdAt: 'desc' }], take: 1 })
      return { conversation, unreadCount: unread.get(String(conversation.id)) ?? 0, lastMessage: lastMessage ?? null }
    })
  )
}

async function ownSearch(context: KeystoneContext<any>, search: string, postgres: boolean) {
  const scope = { organizationId: null, readsAll: false, staff: false, postgres }
  return searchFilter(context, scope, await searchTerms(context, scope, search))
}

/** The badge: unread messages over all the person's threads. */
export async function myUnreadTotal(context: KeystoneContext<any>) {
  const session = context.session as Session | undefined
  if (!session) throw signInRequired()
  const sum = await context.sudo().prisma.conversationReadCursor.aggregate({ where: { userId: session.itemId }, _sum: { unreadCount: true } })
  return (sum._sum.unreadCount as number | null) ?? 0
}
