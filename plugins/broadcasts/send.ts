// sendBroadcast and cancelBroadcast: the only ways a broadcast changes status from the API. Each is a
// conditional update (only from an editable status), so two staff members clicking at once agree.
// Sending never fans out inside the request: it schedules the fan-out task (now, or at the time given).
import type { KeystoneContext } from '@keystone-6/core/types'
import { EDITABLE_STATUSES } from '../../schema/broadcasts'
import { holdsPermission } from '../../schema/shared/access'
import { typedError } from '../../schema/shared/errors'
import { enqueueFanOut } from '../../tasks/broadcast-fan-out'
import { clockOf } from '../../tasks/delivery/registry'
import { registryOf } from '../kernel'
import { staffSendLimitsOf } from '../notifications/send-limits'
import { signedIn } from '../notifications/staff-send'

/** The broadcast as the caller may see it (the list's access decides), or BROADCAST_NOT_FOUND. */
export async function broadcastFor(context: KeystoneContext<any>, id: string) {
  signedIn(context)
  const broadcast = await context.db.Broadcast.findOne({ where: { id } })
  if (!broadcast || !(await holdsPermission(context, broadcast.organizationId as string, 'broadcast'))) {
    throw typedError('BROADCAST_NOT_FOUND', 'No such broadcast, or you may not send broadcasts in its organization')
  }
  return broadcast
}

function locked(status: string) {
  return typedError('BROADCAST_LOCKED', `This broadcast is ${status}: it can no longer be sent or cancelled`)
}

export async function sendBroadcast(context: KeystoneContext<any>, id: string, at: Date | null | undefined) {
  const broadcast = await broadcastFor(context, id)
  const registry = registryOf(context)
  const now = clockOf(registry).now()
  if (at && Number.isNaN(at.getTime())) throw typedError('WRONG_SCHEDULE', 'scheduledAt is not a date')
  const when = at && at.getTime() > now.getTime() ? at : now
  // a draft sent (now or later) is one of the organization's broadcasts; re-timing a scheduled one is not
  const limits = staffSendLimitsOf(registry)
  const organizationId = String(broadcast.organizationId)
  const spends = broadcast.status === 'draft'
  if (spends) await limits.spendBroadcast(organizationId)
  const prisma = context.sudo().prisma as any
  const { count } = await prisma.broadcast.updateMany({
    where: { id, status: { in: [...EDITABLE_STATUSES] } },
    data: { status: 'scheduled', scheduledAt: when, sentById: context.session!.itemId },
  }).catch(async (error: unknown) => {
    if (spends) await limits.refundBroadcast(organizationId)
    throw error
  })
  if (count === 0) {
    // another click sent or cancelled it meanwhile: this call sent nothing
    if (spends) await limits.refundBroadcast(organizationId)
    throw locked(String(broadcast.status))
  }
  // the row is the truth: if this enqueue is lost, the sweeper enqueues it once it is due
  await enqueueFanOut(registry, id, when, now).catch(error => console.warn(`[broadcasts] ${id} scheduled, enqueue failed (the sweeper will retry): ${(error as Error).message}`))
  return context.db.Broadcast.findOne({ where: { id } })
}

export async function cancelBroadcast(context: KeystoneContext<any>, id: string) {
  const broadcast = await broadcastFor(context, id)
  const { count } = await (context.sudo().prisma as any).broadcast.updateMany({ where: { id, status: { in: [...EDITABLE_STATUSES] } }, data: { status: 'cancelled' } })
  // a delayed fan-out job may still come: it finds the broadcast cancelled and does nothing
  if (count === 0) throw locked(String(broadcast.status))
  return context.db.Broadcast.findOne({ where: { id } })
}
