// Who sees what of a conversation, as list access filters (so lists, relationships, counts, the inbox
// resolvers, notifications and attachment downloads all go through the same rule):
// - staff holding readConversations (or manageConversations) in the organization: every thread of it,
//   internal notes included;
// - a participant: the messages and activities written while they were one. Each message stores its
//   audience (the participants at the moment it was written): someone added mid-thread is not in the
//   audience of older messages, someone removed is in no newer one, and a rejoin starts a new stint.
//   Internal notes are written with the staff participants as their audience only;
// - residents never see internal notes (also filtered by the flag, in case an audience were wrong);
// - admins see everything; anonymous callers nothing.
import { employeeOf } from '../shared/access'
import { holdsPermissionEverywhere, holdsPermissionInRequest, perRequest } from '../shared/request-cache'
import type { Session } from '../shared/session'

type Args = { session?: Session; context: any }

const me = (session: Session) => ({ id: { equals: session.itemId } })
const isStaffSession = (session: Session) => session.data?.type === 'staff'
/** readConversations, or manageConversations (who manages threads reads them). */
const CONVERSATION_READERS = [{ readConversations: { equals: true } }, { manageConversations: { equals: true } }]
const readsAll = (session: Session) => ({ organization: { employees: { some: { user: me(session), OR: CONVERSATION_READERS } } } })

/** Whether the caller reads every thread of the organization (once per request). */
export async function readsConversations(context: any, organizationId: string | null | undefined): Promise<boolean> {
  return (
    (await holdsPermissionInRequest(context, organizationId, 'readConversations')) ||
    (await holdsPermissionInRequest(context, organizationId, 'manageConversations'))
  )
}

/** The same in every organization that employs the caller (filters and orderings on management-only fields). */
export async function readsConversationsEverywhere(context: any): Promise<boolean> {
  return (await holdsPermissionEverywhere(context, 'readConversations')) || (await holdsPermissionEverywhere(context, 'manageConversations'))
}

/** Conversations: those of organizations where the caller reads conversations, and those they take (or took) part in. */
export function conversationFilter({ session }: Args) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  const participant = { participants: { some: { user: me(session) } } }
  return isStaffSession(session) ? { OR: [readsAll(session), participant] } : participant
}

/** Messages and activities: by audience; internal ones never to residents. */
export function entryFilter({ session }: Args) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  const inAudience = { audience: { some: me(session) } }
  if (isStaffSession(session)) return { OR: [readsAll(session), inAudience] }
  return { AND: [inAudience, { isInternal: { equals: false } }] }
}

/** Participants: who is (or was) in a thread the caller may open. */
export function participantFilter({ session }: Args) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  const inThread = { conversation: { participants: { some: { user: me(session) } } } }
  return isStaffSession(session) ? { OR: [readsAll(session), inThread] } : inThread
}

/** Links are management's: staff who read the organization's threads or take part in this one. */
export function linkFilter({ session }: Args) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  if (!isStaffSession(session)) return false
  return { OR: [readsAll(session), { conversation: { participants: { some: { user: me(session) } } } }] }
}

/** Read cursors: one's own. */
export function cursorFilter({ session }: Args) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  return { user: me(session) }
}

/** Topics: staff of the organization, and residents registered there (they choose one to start a thread). */
export async function topicFilter({ session, context }: Args) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  if (isStaffSession(session)) return { organization: employeeOf(session) }
  const organizations = await residentOrganizations(context, session.itemId)
  return { organization: { id: { in: organizations } } }
}

/** The organizations where the user is a registered resident (once per request). */
export function residentOrganizations(context: any, userId: string): Promise<string[]> {
  return perRequest(context, `resident-organizations:${userId}`, async () => {
    const rows = await context.sudo().prisma.resident.findMany({ where: { userId }, select: { organizationId: true }, distinct: ['organizationId'] })
    return rows.map((row: { organizationId: string }) => row.organizationId)
  })
}
