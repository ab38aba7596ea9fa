// A person's own inbox (the app's, the portal's): the threads they take or took part in, each with their
// unread count and the newest message they may see (both on their read cursor; the message is read
// through the messages' access), in a few queries whatever the page's size. Ordered by that message,
// never by the thread's lastMessageAt, which internal notes move and only staff read.
import type { KeystoneContext } from '@keystone-6/core/types'
import type { Session } from '../../schema/shared/session'
import { signInRequired } from './errors'
import { searchFilter, searchTerms } from './search'

export async function myInbox(context: KeystoneContext<any>, input: { take: number; skip: number; status?: string | null; search?: string | null; postgres: boolean }) {
  const session = context.session as Session | undefined
  if (!session) throw signInRequired()
  const conversation = {
    ...(input.status ? { status: input.status } : {}),
    ...(input.search?.trim() ? await ownSearch(context, input.search, input.postgres) : {}),
  }
  const cursors = await ownCursors(context, { userId: session.itemId, conversationId: { not: null }, ...(Object.keys(conversation).length ? { conversation } : {}) }, input)
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

const CURSOR = { conversationId: true, unreadCount: true, lastMessageId: true }

/**
 * A page of the person's cursors, newest visible message first; threads where they may see no message
 * yet (added after the last one) come after, the last read (or joined) first, on every database (PostgreSQL would
 * put a missing relation first when descending, SQLite last).
 */
async function ownCursors(context: KeystoneContext<any>, where: Record<string, unknown>, input: { take: number; skip: number }): Promise<any[]> {
  const prisma = context.sudo().prisma
  const seen = { ...where, lastMessageId: { not: null } }
  const page = await prisma.conversationReadCursor.findMany({ where: seen, orderBy: [{ lastMessage: { createdAt: 'desc' } }, { conversationId: 'desc' }], take: input.take, skip: input.skip, select: CURSOR })
  if (page.length === input.take) return page
  const skip = page.length ? 0 : Math.max(0, input.skip - (await prisma.conversationReadCursor.count({ where: seen })))
  const unseen = await prisma.conversationReadCursor.findMany({ where: { ...where, lastMessageId: null }, orderBy: [{ lastReadAt: 'desc' }, { conversationId: 'desc' }], take: input.take - page.length, skip, select: CURSOR })
  return [...page, ...unseen]
}

/**
 * The person's threads matching `search` (subject, unit, topic, text of messages they may read: never an
 * internal note), as a filter on their cursors' conversation: the page is read with the search in it, not
 * after loading every matching thread's id. A cursor exists only for a participant, so the Conversation
 * list's access (participants, or staff reading the organization) holds for every thread it reaches; the
 * messages' access is inside the filter (searchFilter), and its filters are Prisma's shapes as well.
 */
async function ownSearch(context: KeystoneContext<any>, search: string, postgres: boolean): Promise<Record<string, unknown>> {
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
