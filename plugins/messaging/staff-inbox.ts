// The staff inbox: one page of an organization's threads in one status, newest first, with the
// resident, unit, topic, last message and the team's unread count. Staff reading every thread of the
// organization (readConversations or manageConversations there: the visibility rule's first branch) get
// the page in one indexed query (on PostgreSQL one statement with the names joined, inbox-postgres.ts);
// anyone else through the Conversation list's own access, the rows then filled in by id. A page costs
// the same number of queries whatever its size (bench/inbox.ts).
import type { KeystoneContext } from '@keystone-6/core/types'
import { CONVERSATION_STATUSES, readsConversations, type ConversationStatus } from '../../schema/messaging'
import { typedError } from '../../schema/shared/errors'
import type { Session } from '../../schema/shared/session'
import { signInRequired } from './errors'
import type { MessagingRuntime } from './runtime'
import { searchFilter, searchTerms } from './search'
import { inboxPagePostgres, type InboxRowPostgres } from './inbox-postgres'

export type StaffInboxRow = {
  id: string
  subject: string
  status: string
  residentName: string | null
  unitName: string | null
  propertyName: string | null
  topicName: string | null
  lastMessageAt: Date | null
  lastMessagePreview: string | null
  lastMessageAuthorName: string | null
  unreadCount: number
  reopenCount: number
}

export const MAX_INBOX_PAGE = 100

/** A thread with its names, as both paths read it. */
type FlatRow = InboxRowPostgres

const flatten = (row: any): FlatRow => ({
  id: row.id, subject: row.subject, status: row.status, unitName: row.unitName, lastMessageAt: row.lastMessageAt, lastMessagePreview: row.lastMessagePreview,
  lastMessageAuthorName: row.lastMessageAuthorName, staffUnreadCount: row.staffUnreadCount, reopenCount: row.reopenCount,
  residentName: row.resident?.name ?? null, contactName: row.contact?.name ?? null, propertyName: row.property?.name ?? null, topicName: row.topic?.name ?? null,
})

export async function staffInbox(
  runtime: MessagingRuntime,
  context: KeystoneContext<any>,
  input: { organizationId: string; status: string; search?: string | null; take: number; skip: number }
): Promise<{ rows: StaffInboxRow[]; count: number }> {
  const session = context.session as Session | undefined
  if (!session) throw signInRequired()
  if (session.data?.type !== 'staff' && !session.data?.isAdmin) throw typedError('STAFF_ONLY', 'The staff inbox is for staff')
  if (!CONVERSATION_STATUSES.includes(input.status as ConversationStatus)) throw typedError('WRONG_STATUS', `status is one of ${CONVERSATION_STATUSES.join(', ')}`)
  if (input.take < 0 || input.take > MAX_INBOX_PAGE || input.skip < 0) throw typedError('WRONG_PAGE', `take is 0 to ${MAX_INBOX_PAGE}, skip 0 or more`)
  const readsAll = await readsConversations(context, input.organizationId)
  const postgres = runtime.options.databaseProvider === 'postgresql'
  const scope = { organizationId: input.organizationId, readsAll, staff: true, postgres }
  const terms = input.search?.trim() ? await searchTerms(context, scope, input.search) : null
  const search = terms ? searchFilter(context, scope, terms) : {}
  const prisma = context.sudo().prisma
  const columns = {
    id: true, subject: true, status: true, unitName: true, lastMessageAt: true, lastMessagePreview: true, lastMessageAuthorName: true,
    staffUnreadCount: true, reopenCount: true,
    resident: { select: { name: true } }, contact: { select: { name: true } }, property: { select: { name: true } }, topic: { select: { name: true } },
  }
  let page: FlatRow[]
  let count: number
  if (readsAll && postgres) {
    // the visibility rule's first branch, checked above for this organization: every thread of it is
    // visible, so the page is one statement with the names joined, and the count another (inbox-postgres.ts)
    ;({ rows: page, count } = await inboxPagePostgres(prisma, { organizationId: input.organizationId, status: input.status, terms, take: input.take, skip: input.skip }))
  } else if (readsAll) {
    // the same on SQLite: one indexed query (the list's OR-ed filter would walk every thread of the
    // organization to evaluate its participant branch), names through Prisma's relation reads
    const where = { organizationId: input.organizationId, status: input.status, ...search }
    const [rows, total] = await Promise.all([
      prisma.conversation.findMany({ where, orderBy: [{ lastMessageAt: 'desc' }, { id: 'desc' }], take: input.take, skip: input.skip, select: columns }),
      prisma.conversation.count({ where }),
    ])
    page = rows.map(flatten)
    count = total
  } else {
    // anyone else: through the Conversation list's own access (the threads they take or took part in)
    const where = { organization: { id: { equals: input.organizationId } }, status: { equals: input.status }, ...search }
    const [rows, total] = await Promise.all([
      context.db.Conversation.findMany({ where, orderBy: [{ lastMessageAt: 'desc' }], take: input.take, skip: input.skip }),
      context.db.Conversation.count({ where }),
    ])
    const ids = rows.map((row: any) => String(row.id))
    const filled = new Map<string, FlatRow>((await prisma.conversation.findMany({ where: { id: { in: ids } }, select: columns })).map((row: any) => [row.id, flatten(row)]))
    page = ids.map(id => filled.get(id)!)
    count = total
  }
  if (page.length === 0) return { rows: [], count }
  // a staff participant without readConversations sees their own unread count and no team preview
  const cursors = readsAll
    ? new Map<string, number>()
    : new Map<string, number>(
        (await prisma.conversationReadCursor.findMany({ where: { conversationId: { in: page.map(row => row.id) }, userId: session.itemId }, select: { conversationId: true, unreadCount: true } })).map(
          (c: any) => [c.conversationId, c.unreadCount]
        )
      )
  const rows = page.map(row => ({
    id: row.id,
    subject: row.subject,
    status: row.status,
    residentName: row.residentName ?? row.contactName ?? null,
    unitName: row.unitName,
    propertyName: row.propertyName,
    topicName: row.topicName,
    lastMessageAt: row.lastMessageAt,
    lastMessagePreview: readsAll ? row.lastMessagePreview : null,
    lastMessageAuthorName: readsAll ? row.lastMessageAuthorName : null,
    unreadCount: readsAll ? row.staffUnreadCount : (cursors.get(row.id) ?? 0),
    reopenCount: row.reopenCount,
  }))
  return { rows, count }
}
