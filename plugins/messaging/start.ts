// Starting a conversation: by a resident (routed by topic) or by staff with a resident; the first
// message may carry images like a reply (attachments.ts: same checks, nothing stored on refusal).
import type { KeystoneContext } from '@keystone-6/core/types'
import { typedError } from '../../schema/shared/errors'
import { holdsPermissionInRequest } from '../../schema/shared/request-cache'
import type { Session } from '../../schema/shared/session'
import { recordActivity } from '../../schema/messaging/audience'
import { signInRequired } from './errors'
import { writeMessage } from './messages'
import { join } from './participants'
import { runAfterMessage, type MessagingRuntime } from './runtime'
import { messageBody, optionalBody, subjectText } from './text'
import { discard, newMessageId, prepareImages, storePending } from './attachments'

type Tx = any

const topicNotFound = () => typedError('TOPIC_NOT_FOUND', 'No such topic in this organization, or it is no longer offered')

/** The employee a topic routes to: the default recipient while employed, else the fallback, else nobody. */
export async function routeOf(tx: Tx, topic: { defaultRecipientId: string | null; fallbackRecipientId: string | null }) {
  for (const [employeeId, which] of [[topic.defaultRecipientId, 'default'], [topic.fallbackRecipientId, 'fallback']] as const) {
    if (!employeeId) continue
    const employee = await tx.organizationEmployee.findUnique({ where: { id: employeeId }, select: { userId: true, user: { select: { name: true } } } })
    if (employee?.userId) return { userId: employee.userId as string, name: (employee.user?.name as string) ?? '', which }
  }
  return null
}

async function activeTopic(tx: Tx, organizationId: string, topicId: string) {
  const topic = await tx.conversationTopic.findFirst({ where: { id: topicId, organizationId, isActive: true } })
  if (!topic) throw topicNotFound()
  return topic
}

type Opening = {
  organizationId: string
  topic: { id: string; name: string; defaultRecipientId: string | null; fallbackRecipientId: string | null }
  resident: { userId: string; name: string; propertyId: string | null; unitName: string | null; contactId: string | null }
  starter: { userId: string; name: string; isStaff: boolean }
  subject: string
  body: string
  at: Date
  /** The first message's images, stored pending under `messageId` (claimed by the message). */
  messageId: string
  attachmentIds: readonly string[]
}

/** Writes the thread, its participants, routing and first message in one transaction. */
async function open(tx: Tx, o: Opening) {
  const conversation = await tx.conversation.create({
    data: {
      organizationId: o.organizationId, topicId: o.topic.id, subject: o.subject, status: o.starter.isStaff ? 'open' : 'unread',
      residentId: o.resident.userId, propertyId: o.resident.propertyId, unitName: o.resident.unitName, contactId: o.resident.contactId,
      startedById: o.starter.userId, createdAt: o.at,
    },
  })
  const base = { organizationId: o.organizationId, conversationId: conversation.id as string, at: o.at }
  await join(tx, { ...base, userId: o.resident.userId, role: 'resident', addedById: o.starter.userId, summary: `${o.resident.name} takes part` })
  if (o.starter.isStaff) {
    await join(tx, { ...base, userId: o.starter.userId, role: 'staff', addedById: o.starter.userId, summary: `${o.starter.name} takes part` })
  } else {
    const route = await routeOf(tx, o.topic)
    if (route) {
      await join(tx, { ...base, userId: route.userId, role: 'staff', addedById: null, summary: `Routed to ${route.name} (${o.topic.name}: ${route.which} recipient)`, internal: true })
    } else {
      await recordActivity(tx, { ...base, kind: 'routed', summary: `${o.topic.name} has no recipient: waiting in the inbox`, isInternal: true })
    }
  }
  // after the joins, so everyone in the thread sees how it began
  await recordActivity(tx, { ...base, kind: 'started', summary: `${o.starter.name} started the conversation (${o.topic.name})`, actorId: o.starter.userId })
  const message = await writeMessage(tx, {
    ...base, authorId: o.starter.userId, authorName: o.starter.name, authorIsStaff: o.starter.isStaff, body: o.body, isInternal: false,
    id: o.messageId, attachmentIds: o.attachmentIds,
  })
  return { conversationId: base.conversationId, messageId: message.id }
}

/** The first message's text (optional when it carries images, as in a reply). */
const firstBody = (body: string, images: readonly unknown[] | null | undefined) => ((images?.length ?? 0) > 0 ? (optionalBody(body) ?? '') : messageBody(body))

/**
 * Checks every image (as a reply does: count, size, type from the bytes, re-encoding) before anything is
 * written, stores them pending for the first message, then opens the thread; a failed write deletes them.
 */
async function openWithImages(context: KeystoneContext<any>, images: readonly any[] | null | undefined, owner: { organizationId: string; userId: string }, write: (pending: { messageId: string; attachmentIds: readonly string[] }) => Promise<{ conversationId: string; messageId: string }>) {
  const messageId = newMessageId()
  const attachmentIds = await storePending(context, await prepareImages(context, owner.organizationId, images), { messageId, ...owner })
  return write({ messageId, attachmentIds }).catch(async (error: unknown) => {
    await discard(context, attachmentIds)
    throw error
  })
}

export async function startAsResident(
  runtime: MessagingRuntime,
  context: KeystoneContext<any>,
  input: { topicId: string; subject: string; body: string; residentId?: string | null; images?: readonly any[] | null }
) {
  const session = context.session as Session | undefined
  if (!session) throw signInRequired()
  if (session.data?.type !== 'resident') throw typedError('RESIDENTS_ONLY', 'Residents start conversations here; staff use startConversationWithResident')
  const subject = subjectText(input.subject)
  const body = firstBody(input.body, input.images)
  const prisma = context.sudo().prisma
  const topicRow = await prisma.conversationTopic.findUnique({ where: { id: input.topicId }, select: { organizationId: true } })
  if (!topicRow?.organizationId) throw topicNotFound()
  // the resident's registration in the topic's organization (the one named, or their first)
  const residence = await prisma.resident.findFirst({
    where: { userId: session.itemId, organizationId: topicRow.organizationId, ...(input.residentId ? { id: input.residentId } : {}) },
    orderBy: { createdAt: 'asc' },
  })
  if (!residence) throw topicNotFound() // the same answer: a resident only learns about their own organizations
  await runtime.spendStart(session.itemId)
  const user = await prisma.user.findUnique({ where: { id: session.itemId }, select: { name: true } })
  const result = await openWithImages(context, input.images, { organizationId: topicRow.organizationId, userId: session.itemId }, pending =>
    prisma.$transaction(async (tx: Tx) => {
      const topic = await activeTopic(tx, topicRow.organizationId, input.topicId)
      return open(tx, {
        organizationId: topicRow.organizationId, topic, subject, body, at: runtime.now(), ...pending,
        resident: { userId: session.itemId, name: user?.name ?? '', propertyId: residence.propertyId, unitName: residence.unitName, contactId: residence.contactId },
        starter: { userId: session.itemId, name: user?.name ?? '', isStaff: false },
      })
    })
  )
  await runAfterMessage(runtime, context, result)
  return result.conversationId
}

export async function startAsStaff(
  runtime: MessagingRuntime,
  context: KeystoneContext<any>,
  input: { residentId: string; topicId: string; subject: string; body: string; images?: readonly any[] | null }
) {
  const session = context.session as Session | undefined
  if (!session) throw signInRequired()
  const prisma = context.sudo().prisma
  const residence = await prisma.resident.findUnique({ where: { id: input.residentId } })
  const organizationId = residence?.organizationId as string | undefined
  // a registration the caller cannot act on does not exist for them
  if (!residence?.userId || !organizationId || !(await holdsPermissionInRequest(context as any, organizationId, 'manageConversations'))) {
    throw typedError('RESIDENT_NOT_FOUND', 'No such resident in an organization where you manage conversations')
  }
  const subject = subjectText(input.subject)
  const body = firstBody(input.body, input.images)
  await runtime.spendStart(session.itemId)
  const [user, resident] = await Promise.all([
    prisma.user.findUnique({ where: { id: session.itemId }, select: { name: true } }),
    prisma.user.findUnique({ where: { id: residence.userId }, select: { name: true } }),
  ])
  const result = await openWithImages(context, input.images, { organizationId, userId: session.itemId }, pending =>
    prisma.$transaction(async (tx: Tx) => {
      const topic = await activeTopic(tx, organizationId, input.topicId)
      return open(tx, {
        organizationId, topic, subject, body, at: runtime.now(), ...pending,
        resident: { userId: residence.userId, name: resident?.name ?? '', propertyId: residence.propertyId, unitName: residence.unitName, contactId: residence.contactId },
        starter: { userId: session.itemId, name: user?.name ?? '', isStaff: true },
      })
    })
  )
  await runAfterMessage(runtime, context, result)
  return result.conversationId
}
