// A person's own inbox (the app's, the portal's): the threads they take or took part in, each with their
// unread count and the newest message they may see (both on their read cursor; the message is read
// through the messages' access), in three queries whatever the page's size.
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
  const cursors = await context.sudo().prisma.conversationReadCursor.findMany({ where: { conversationId: { in: ids }, userId: session.itemId }, select: { conversationId: true, unreadCount: true, lastMessageId: true } })
  const unread = new Map<string, number>(cursors.map((c: any) => [c.conversationId, c.unreadCount]))
  // the newest message each person could see is on their cursor: one read for the page, through the
  // messages' own access all the same
  const newestIds = cursors.map((c: any) => c.lastMessageId).filter(Boolean)
  const newest = new Map<string, any>(
    newestIds.length ? (await context.db.ConversationMessage.findMany({ where: { id: { in: newestIds } } })).map((m: any) => [String(m.conversationId), m]) : []
  )
  return Promise.all(
    page.map(async (conversation: any) => {
      // a cursor from before lastMessage was kept (SQLite development data): that row alone asks
      const lastMessage =
        newest.get(String(conversation.id)) ??
        (cursors.some((c: any) => c.conversationId === conversation.id && c.lastMessageId)
          ? null
          : ((await context.db.ConversationMessage.findMany({ where: { conversation: { id: { equals: conversation.id } } }, orderBy: [{ createdAt: 'desc' }], take: 1 }))[0] ?? null))
      return { conversation, unreadCount: unread.get(String(conversation.id)) ?? 0, lastMessage }
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
