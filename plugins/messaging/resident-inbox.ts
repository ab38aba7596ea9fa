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
  // ordered by the newest message the person may see (on their cursor), never by the thread's own
  // lastMessageAt: internal notes move that one, and it is staff's (schema/messaging/conversation.ts)
  const conversation = {
    ...(input.status ? { status: input.status } : {}),
    ...(input.search?.trim() ? { id: { in: await ownSearch(context, session, input.search, input.postgres) } } : {}),
  }
  const cursors = await context.sudo().prisma.conversationReadCursor.findMany({
    where: { userId: session.itemId, conversationId: { not: null }, ...(Object.keys(conversation).length ? { conversation } : {}) },
    orderBy: [{ lastMessage: { createdAt: 'desc' } }, { conversationId: 'desc' }],
    take: input.take,
    skip: input.skip,
    select: { conversationId: true, unreadCount: true, lastMessageId: true },
  })
  const ids: string[] = cursors.map((c: any) => String(c.conversationId))
  // the rows themselves through the list's access (a cursor is only ever made for a participant)
  const rows = new Map<string, any>((await context.db.Conversation.findMany({ where: { id: { in: ids } } })).map((row: any) => [String(row.id), row]))
  const page = ids.map(id => rows.get(id)).filter(Boolean)
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

/** The ids of the person's threads matching `search` (subject, unit, topic, text of messages they may read: never an internal note). */
async function ownSearch(context: KeystoneContext<any>, session: Session, search: string, postgres: boolean): Promise<string[]> {
  const scope = { organizationId: null, readsAll: false, staff: false, postgres }
  const where = { AND: [{ participants: { some: { user: { id: { equals: session.itemId } } } } }, searchFilter(context, scope, await searchTerms(context, scope, search))] }
  return (await context.db.Conversation.findMany({ where })).map((row: any) => String(row.id))
}

/** The badge: unread messages over all the person's threads. */
export async function myUnreadTotal(context: KeystoneContext<any>) {
  const session = context.session as Session | undefined
  if (!session) throw signInRequired()
  const sum = await context.sudo().prisma.conversationReadCursor.aggregate({ where: { userId: session.itemId }, _sum: { unreadCount: true } })
  return (sum._sum.unreadCount as number | null) ?? 0
}
