// Replies and internal notes. Management (manageConversations) joins a thread by replying in it; an
// internal note joins no one (a new participant would tell the residents that staff wrote something).
import type { KeystoneContext } from '@keystone-6/core/types'
import { actorOn, mayManage, mayReply } from './actor'
import { writeMessage } from './messages'
import { join } from './participants'
import { runAfterMessage, type MessagingRuntime } from './runtime'
import { messageBody, optionalBody } from './text'
import { discard, newMessageId, prepareImages, storePending } from './attachments'

type Tx = any

export async function writeInThread(
  runtime: MessagingRuntime,
  context: KeystoneContext<any>,
  input: { conversationId: string; body: string; internal: boolean; images?: readonly any[] | null }
) {
  const actor = await actorOn(context, input.conversationId)
  if (input.internal) mayManage(actor, 'write internal notes')
  else mayReply(actor)
  const withImages = (input.images?.length ?? 0) > 0
  const body = withImages ? (optionalBody(input.body) ?? '') : messageBody(input.body)
  await runtime.spendMessage(actor.userId)
  const { organizationId, id: conversationId } = actor.conversation
  // every image is checked before anything is written; then stored pending and claimed by the message
  const messageId = newMessageId()
  const attachmentIds = await storePending(context, await prepareImages(context, organizationId, input.images), { messageId, organizationId, userId: actor.userId })
  const prisma = context.sudo().prisma
  const author = await prisma.user.findUnique({ where: { id: actor.userId }, select: { name: true } })
  const at = runtime.now()
  const message = await prisma.$transaction(async (tx: Tx) => {
    const stint = await tx.conversationParticipant.findFirst({ where: { conversationId, userId: actor.userId, leftAt: null }, select: { id: true } })
    if (!stint && !input.internal) {
      await join(tx, { organizationId, conversationId, userId: actor.userId, role: 'staff', addedById: actor.userId, at, summary: `${author?.name ?? ''} joined` })
    }
    return writeMessage(tx, { organizationId, conversationId, authorId: actor.userId, authorName: author?.name ?? '', authorIsStaff: actor.isStaff, body, isInternal: input.internal, at, attachmentIds, id: messageId })
  }).catch(async (error: unknown) => {
    await discard(context, attachmentIds)
    throw error
  })
  await runAfterMessage(runtime, context, { conversationId, messageId: message.id })
  return message.id
}
