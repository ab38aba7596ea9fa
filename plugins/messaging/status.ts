// Status changes besides the ones messages make (messages.ts): read, resolve, archive (by hand and by
// the sweeper). Each change is a compare-and-set on the status it leaves, and an activity entry.
import type { KeystoneContext } from '@keystone-6/core/types'
import { RESOLUTION_CATEGORIES, readsConversations, type ResolutionCategory } from '../../schema/messaging'
import { typedError } from '../../schema/shared/errors'
import { recordActivity } from '../../schema/messaging/audience'
import { actorOn, mayManage } from './actor'
import { openKey } from './participants'
import type { MessagingRuntime } from './runtime'
import { noteText } from './text'

type Tx = any

const CATEGORY_LABELS: Record<ResolutionCategory, string> = {
  resolved: 'Resolved',
  noActionNeeded: 'No action needed',
  escalated: 'Escalated',
  duplicate: 'Duplicate',
}

/** The caller has read the thread up to now: their cursor; and for management the team's unread state. */
export async function markRead(runtime: MessagingRuntime, context: KeystoneContext<any>, conversationId: string) {
  const actor = await actorOn(context, conversationId)
  const prisma = context.sudo().prisma
  const at = runtime.now()
  await prisma.conversationReadCursor.updateMany({ where: { cursorKey: openKey(conversationId, actor.userId) }, data: { lastReadAt: at, unreadCount: 0 } })
  const management = actor.isStaff && (actor.stintId || (await readsConversations(context, actor.conversation.organizationId)))
  if (management) {
    await prisma.conversation.update({ where: { id: conversationId }, data: { staffUnreadCount: 0 } })
    const read = await prisma.conversation.updateMany({ where: { id: conversationId, status: 'unread' }, data: { status: 'open' } })
    if (read.count === 1) {
      const name = (await prisma.user.findUnique({ where: { id: actor.userId }, select: { name: true } }))?.name ?? ''
      await recordActivity(prisma, { organizationId: actor.conversation.organizationId, conversationId, kind: 'statusChanged', summary: `${name} read the conversation`, actorId: actor.userId, details: { from: 'unread', to: 'open' }, isInternal: true, at })
    }
  }
}

export async function resolve(runtime: MessagingRuntime, context: KeystoneContext<any>, input: { conversationId: string; category: string; note?: string | null }) {
  const actor = await actorOn(context, input.conversationId)
  mayManage(actor, 'resolve')
  if (!RESOLUTION_CATEGORIES.includes(input.category as ResolutionCategory)) {
    throw typedError('RESOLUTION_CATEGORY_REQUIRED', `Choose a category: ${RESOLUTION_CATEGORIES.join(', ')}`)
  }
  const category = input.category as ResolutionCategory
  const note = noteText(input.note)
  const prisma = context.sudo().prisma
  const at = runtime.now()
  const name = (await prisma.user.findUnique({ where: { id: actor.userId }, select: { name: true } }))?.name ?? ''
  await prisma.$transaction(async (tx: Tx) => {
    const done = await tx.conversation.updateMany({
      where: { id: input.conversationId, status: { in: ['unread', 'open'] } },
      data: { status: 'resolved', resolutionCategory: category, resolutionNote: note ?? '', resolvedAt: at, staffUnreadCount: 0 },
    })
    if (done.count === 0) throw typedError('CONVERSATION_NOT_ACTIVE', 'Only an unread or open conversation can be resolved')
    // the category is for everyone in the thread; the note stays on the conversation (management only)
    await recordActivity(tx, {
      organizationId: actor.conversation.organizationId, conversationId: input.conversationId, kind: 'resolved',
      summary: `${name} resolved the conversation: ${CATEGORY_LABELS[category]}`, actorId: actor.userId, details: { category }, at,
    })
  })
}

export async function archiveByHand(runtime: MessagingRuntime, context: KeystoneContext<any>, conversationId: string) {
  const actor = await actorOn(context, conversationId)
  mayManage(actor, 'archive')
  const prisma = context.sudo().prisma
  const at = runtime.now()
  const name = (await prisma.user.findUnique({ where: { id: actor.userId }, select: { name: true } }))?.name ?? ''
  await prisma.$transaction(async (tx: Tx) => {
    const done = await tx.conversation.updateMany({ where: { id: conversationId, status: { not: 'archived' } }, data: { status: 'archived', archivedAt: at, staffUnreadCount: 0 } })
    if (done.count === 0) throw typedError('CONVERSATION_ALREADY_ARCHIVED', 'This conversation is already archived')
    await recordActivity(tx, { organizationId: actor.conversation.organizationId, conversationId, kind: 'archived', summary: `${name} archived the conversation`, actorId: actor.userId, details: { from: actor.conversation.status }, at })
  })
}
