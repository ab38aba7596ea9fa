// Who the caller is in one conversation: what they may do there follows from it. The conversation is
// read through the caller's own access (visibility.ts), so a thread they cannot see does not exist for them.
import type { KeystoneContext } from '@keystone-6/core/types'
import { holdsPermissionInRequest } from '../../schema/shared/request-cache'
import type { Session } from '../../schema/shared/session'
import { forbidden, notFound, signInRequired } from './errors'

export type ConversationRow = {
  id: string
  organizationId: string
  status: 'unread' | 'open' | 'resolved' | 'archived'
  subject: string
  topicId: string | null
  residentId: string | null
}

export type Actor = {
  userId: string
  session: Session
  conversation: ConversationRow
  isStaff: boolean
  /** manageConversations in the thread's organization (or admin): acts on any thread there. */
  manages: boolean
  /** The caller's open stint, if any. */
  stintId: string | null
}

export async function actorOn(context: KeystoneContext<any>, conversationId: string): Promise<Actor> {
  const session = context.session as Session | undefined
  if (!session) throw signInRequired()
  const visible = await context.db.Conversation.findOne({ where: { id: conversationId } }).catch(() => null)
  if (!visible) throw notFound()
  const prisma = context.sudo().prisma
  const conversation = (await prisma.conversation.findUnique({
    where: { id: conversationId },
    select: { id: true, organizationId: true, status: true, subject: true, topicId: true, residentId: true },
  })) as ConversationRow
  const stint = await prisma.conversationParticipant.findFirst({ where: { conversationId, userId: session.itemId, leftAt: null }, select: { id: true } })
  const isStaff = session.data?.type === 'staff' || !!session.data?.isAdmin
  const manages = isStaff && (await holdsPermissionInRequest(context, conversation.organizationId, 'manageConversations'))
  return { userId: session.itemId, session, conversation, isStaff, manages, stintId: stint?.id ?? null }
}

/** Write a reply: a current participant, or management (who joins by writing). */
export function mayReply(actor: Actor) {
  if (!actor.stintId && !actor.manages) throw forbidden('reply')
}

/** Internal notes, resolving, archiving, links, participants: staff in the thread, or management. */
export function mayManage(actor: Actor, what: string) {
  if (!actor.isStaff || (!actor.stintId && !actor.manages)) throw forbidden(what)
}
