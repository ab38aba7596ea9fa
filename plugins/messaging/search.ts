// Search in an inbox: subject, unit, resident or contact name, topic, message text, and phone (staff
// holding readContacts in the organization: a search by phone reads phones). What a caller may not read
// never matches: staff who read every thread of the organization (the visibility rule's first branch)
// search all its messages, internal notes included; anyone else only the messages the list's own access
// shows them (someone added mid-thread does not find older text, residents never find internal notes).
//
// PostgreSQL: ILIKE '%term%' answered by GIN trigram indexes (pg_trgm: ConversationMessage.body,
// Conversation.subject and unitName, User.name, Contact.name; schema/messaging/index.ts). Staff who read
// every thread get one statement of index lookups (inbox-postgres.ts); everyone else gets filters the
// lists' access composes with (their own threads: few, checked one by one). Trigrams
// need 3 characters: shorter terms (a unit "7") match the thread's own columns and names only, never
// message text, which would read every message.
// SQLite: LIKE, case-insensitive for ASCII, no index (the embedded mode's small databases). The text is
// taken literally on PostgreSQL (its % and _ escaped, contains.ts), not on SQLite.
import type { KeystoneContext } from '@keystone-6/core/types'
import { normalizePhone } from '../../schema/shared/normalize'
import { entryFilter } from '../../schema/messaging/visibility'
import { holdsPermissionInRequest } from '../../schema/shared/request-cache'
import { containsFilter } from './contains'

export const SEARCH_MAX = 100
/** Message text is searched for terms at least this long (a trigram). */
export const TEXT_SEARCH_MIN = 3

export type SearchScope = {
  /** The staff inbox's organization; null: every organization (a person's own inbox). */
  organizationId: string | null
  /** The caller reads every thread of the organization (readsConversations). */
  readsAll: boolean
  /** Staff (names and phones are searched); residents search their threads' subject, topic and text. */
  staff: boolean
  postgres: boolean
}

/** What a search looks for: the text, whether message text is searched, and the phones' matches. */
export type SearchTerms = { text: string; searchText: boolean; contactIds: string[]; residentIds: string[] }

export async function searchTerms(context: KeystoneContext<any>, scope: SearchScope, raw: string): Promise<SearchTerms> {
  const text = raw.trim().slice(0, SEARCH_MAX)
  const phones = scope.staff && scope.organizationId ? await phoneMatches(context, scope.organizationId, text) : { contactIds: [], residentIds: [] }
  return { text, searchText: text.length >= TEXT_SEARCH_MIN, ...phones }
}

/**
 * A Conversation filter for `terms`: for Prisma when `readsAll` (the staff inbox's one query on
 * SQLite; PostgreSQL runs inbox-postgres.ts instead), else for Keystone's context.db (the
 * Conversation list's access applies on top).
 */
export function searchFilter(context: KeystoneContext<any>, scope: SearchScope, terms: SearchTerms): Record<string, unknown> {
  const contains = containsFilter(terms.text, scope.postgres)
  const or: Record<string, unknown>[] = [{ subject: contains }, { unitName: contains }, { topic: { name: contains } }]
  if (scope.staff) or.push({ resident: { name: contains } }, { contact: { name: contains } })
  if (terms.searchText) {
    if (scope.readsAll) or.push({ messages: { some: { body: contains } } })
    else {
      const messages = visibleMessagesMatching(context, contains)
      if (messages) or.push(messages)
    }
  }
  if (terms.contactIds.length) or.push({ contact: { id: { in: terms.contactIds } } })
  if (terms.residentIds.length) or.push({ resident: { id: { in: terms.residentIds } } })
  return { OR: or }
}

/**
 * Messages matching `contains` that the caller may read: ConversationMessage's own access filter
 * (visibility.ts's entryFilter), the same function the list applies, inside a Keystone relationship
 * filter (Keystone does not apply a related list's access to relationship filters by itself).
 */
function visibleMessagesMatching(context: KeystoneContext<any>, contains: Record<string, unknown>): Record<string, unknown> | null {
  const visible = entryFilter({ session: context.session, context })
  if (visible === false) return null
  return { messages: { some: visible === true ? { body: contains } : { AND: [visible, { body: contains }] } } }
}

/**
 * A phone as staff type it: a whole number in the organization's local format ("8 912 345-67-89",
 * "(415) 555-2000") matches the E.164 number stored on the resident or the contact; four digits or more
 * that parse as no number match as a part of one. Looked up with sudo after the permission check.
 */
async function phoneMatches(context: KeystoneContext<any>, organizationId: string, text: string): Promise<{ contactIds: string[]; residentIds: string[] }> {
  const digits = text.replace(/\D/g, '')
  if (digits.length < 4 || !(await holdsPermissionInRequest(context as any, organizationId, 'readContacts'))) return { contactIds: [], residentIds: [] }
  const prisma = context.sudo().prisma
  const organization = await prisma.organization.findUnique({ where: { id: organizationId }, select: { country: true } })
  const phones = [...new Set([normalizePhone(text, organization?.country ?? undefined), normalizePhone(text)])].filter((p): p is string => !!p)
  const phone = phones.length ? { in: phones } : { contains: digits }
  const [contacts, residents] = await Promise.all([
    prisma.contact.findMany({ where: { organizationId, phone }, select: { id: true }, take: 200 }),
    prisma.resident.findMany({ where: { organizationId, user: { phone } }, select: { userId: true }, take: 200 }),
  ])
  return {
    contactIds: contacts.map((c: { id: string }) => c.id),
    residentIds: residents.map((r: { userId: string | null }) => r.userId).filter((id: string | null): id is string => !!id),
  }
}
