// Adding and removing participants mid-thread. Who is added sees from that moment on; who is removed
// keeps what they saw. Anyone may leave a thread themselves.
import type { KeystoneContext } from '@keystone-6/core/types'
import { typedError } from '../../schema/shared/errors'
import { actorOn, mayManage } from './actor'
import { join, leave } from './participants'
import type { MessagingRuntime } from './runtime'

type Tx = any

/** A user of the organization: its employee (staff) or a resident registered there. */
async function roleIn(prisma: any, organizationId: string, userId: string): Promise<'staff' | 'resident' | null> {
  if (await prisma.organizationEmployee.findFirst({ where: { organizationId, userId }, select: { id: true } })) return 'staff'
  if (await prisma.resident.findFirst({ where: { organizationId, userId }, select: { id: true } })) return 'resident'
  return null
}

const nameOf = async (prisma: any, id: string) => ((await prisma.user.findUnique({ where: { id }, select: { name: true } }))?.name as string) ?? ''

export async function addParticipant(runtime: MessagingRuntime, context: KeystoneContext<any>, input: { conversationId: string; userId: string }) {
  const actor = await actorOn(context, input.conversationId)
  mayManage(actor, 'add participants')
  const prisma = context.sudo().prisma
  const { organizationId, id: conversationId } = actor.conversation
  const role = await roleIn(prisma, organizationId, input.userId)
  // the same answer for an unknown id: no oracle for users of other organizations
  if (!role) throw typedError('PARTICIPANT_NOT_IN_ORGANIZATION', 'Add employees of this organization or residents registered here')
  const [by, who] = await Promise.all([nameOf(prisma, actor.userId), nameOf(prisma, input.userId)])
  const at = runtime.now()
  await prisma.$transaction((tx: Tx) =>
    join(tx, { organizationId, conversationId, userId: input.userId, role, addedById: actor.userId, at, summary: `${by} added ${who}; they see the conversation from now on` })
  )
}

export async function removeParticipant(runtime: MessagingRuntime, context: KeystoneContext<any>, input: { conversationId: string; userId: string }) {
  const actor = await actorOn(context, input.conversationId)
  const self = input.userId === actor.userId
  if (!self) mayManage(actor, 'remove participants')
  else if (!actor.stintId) throw typedError('PARTICIPANT_NOT_PRESENT', 'You do not take part in this conversation')
  const prisma = context.sudo().prisma
  const { organizationId, id: conversationId } = actor.conversation
  const [by, who] = await Promise.all([nameOf(prisma, actor.userId), nameOf(prisma, input.userId)])
  const summary = self ? `${by} left the conversation` : `${by} removed ${who}`
  await prisma.$transaction((tx: Tx) => leave(tx, { organizationId, conversationId, userId: input.userId, removedById: actor.userId, at: runtime.now(), summary }))
}
