// Stints: joining opens a row (and the person's read cursor), leaving closes it. The unique openKey
// keeps one open stint per person, so two parallel adds cannot both open one.
import { typedError } from '../../schema/shared/errors'
import { recordActivity } from '../../schema/messaging/audience'

type Tx = any

export const openKey = (conversationId: string, userId: string) => `${conversationId}:${userId}`

export async function join(
  tx: Tx,
  input: { organizationId: string; conversationId: string; userId: string; role: 'resident' | 'staff'; addedById: string | null; at: Date; summary: string; internal?: boolean }
) {
  const { organizationId, conversationId, userId, at } = input
  const existing = await tx.conversationParticipant.findFirst({ where: { conversationId, userId, leftAt: null }, select: { id: true } })
  if (existing) throw typedError('PARTICIPANT_ALREADY_PRESENT', 'This person already takes part in the conversation')
  const stint = await tx.conversationParticipant.create({
    data: { organizationId, conversationId, userId, role: input.role, joinedAt: at, addedById: input.addedById, openKey: openKey(conversationId, userId) },
  })
  const cursorKey = openKey(conversationId, userId)
  await tx.conversationReadCursor.upsert({
    where: { cursorKey },
    create: { organizationId, conversationId, userId, cursorKey, lastReadAt: at, unreadCount: 0 },
    update: {},
  })
  await recordActivity(tx, {
    organizationId, conversationId, kind: 'participantAdded', summary: input.summary, actorId: input.addedById, subjectId: userId,
    isInternal: input.internal, at,
  })
  return stint
}

export async function leave(tx: Tx, input: { organizationId: string; conversationId: string; userId: string; removedById: string; at: Date; summary: string }) {
  const { conversationId, userId } = input
  // recorded first, so the person leaving still sees that they left
  await recordActivity(tx, { organizationId: input.organizationId, conversationId, kind: 'participantRemoved', summary: input.summary, actorId: input.removedById, subjectId: userId, at: input.at })
  const closed = await tx.conversationParticipant.updateMany({
    where: { conversationId, userId, leftAt: null },
    data: { leftAt: input.at, removedById: input.removedById, openKey: null },
  })
  if (closed.count === 0) throw typedError('PARTICIPANT_NOT_PRESENT', 'This person does not take part in the conversation')
}
