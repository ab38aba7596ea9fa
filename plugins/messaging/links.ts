// Linking a thread to the record it is about. Allowed lists come from the registry
// (conversationLinkTargets); the record must be one the caller can read, of the thread's organization.
import { isUniqueViolation } from '../../adapters/database/unique-violation'
import type { KeystoneContext } from '@keystone-6/core/types'
import { typedError } from '../../schema/shared/errors'
import { registryOf } from '../kernel'
import { recordActivity } from '../../schema/messaging/audience'
import { actorOn, mayManage } from './actor'
import './contributions'
import type { MessagingRuntime } from './runtime'

type Tx = any

export const linkKey = (conversationId: string, list: string, id: string) => `${conversationId}:${list}:${id}`

export async function linkRecord(runtime: MessagingRuntime, context: KeystoneContext<any>, input: { conversationId: string; list: string; id: string }) {
  const actor = await actorOn(context, input.conversationId)
  mayManage(actor, 'link records')
  const target = registryOf(context).all('conversationLinkTargets').find(t => t.list === input.list)
  if (!target) {
    const allowed = registryOf(context).all('conversationLinkTargets').map(t => t.list)
    throw typedError('LINK_TARGET_NOT_ALLOWED', `Conversations link to ${allowed.join(', ')} records only`, { allowed })
  }
  const { organizationId, id: conversationId } = actor.conversation
  // read with the caller's access, then the owner with sudo: a record of another organization is "not found"
  const visible = await context.db[target.list].findOne({ where: { id: input.id } }).catch(() => null)
  const owner = visible ? await context.sudo().db[target.list].findOne({ where: { id: input.id } }) : null
  if (!visible || owner?.organizationId !== organizationId) throw typedError('LINK_TARGET_NOT_FOUND', `No such ${target.list} in this conversation’s organization`)
  const prisma = context.sudo().prisma
  const label = target.label(visible as Record<string, any>)
  const at = runtime.now()
  const by = (await prisma.user.findUnique({ where: { id: actor.userId }, select: { name: true } }))?.name ?? ''
  return prisma.$transaction(async (tx: Tx) => {
    const link = await tx.conversationLink
      .create({ data: { organizationId, conversationId, targetList: target.list, targetId: input.id, label, addedById: actor.userId, createdAt: at, linkKey: linkKey(conversationId, target.list, input.id) } })
      .catch((error: any) => {
        if (isUniqueViolation(error)) throw typedError('ALREADY_LINKED', 'This record is already linked to the conversation')
        throw error
      })
    await recordActivity(tx, { organizationId, conversationId, kind: 'linked', summary: `${by} linked ${target.list} “${label}”`, actorId: actor.userId, details: { list: target.list, id: input.id }, isInternal: true, at })
    return link.id as string
  })
}

/** The built-in targets: what messaging can link today. */
export const builtInLinkTargets = [
  { list: 'Contact', label: (item: Record<string, any>) => String(item.name ?? item.id) },
  { list: 'Property', label: (item: Record<string, any>) => String(item.name ?? item.id) },
  { list: 'Message', label: (item: Record<string, any>) => `${item.type ?? 'Message'} ${String(item.id).slice(-6)}` },
]
