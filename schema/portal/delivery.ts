// The delivery of an invitation's current email, read from the pipeline's Message row (status, sentAt).
import type { KeystoneContext } from '@keystone-6/core/types'
import { perRequest } from '../shared/request-cache'
import type { DeliveryFacts } from './invitation-status'

export function invitationDelivery(context: KeystoneContext<any>, invitation: { messageId?: string | null }): Promise<DeliveryFacts> {
  const id = invitation.messageId
  if (!id) return Promise.resolve(null)
  return perRequest(context, `invitation-delivery:${id}`, () =>
    (context.sudo().prisma as any).message.findUnique({ where: { id }, select: { status: true, sentAt: true } })
  ) as Promise<DeliveryFacts>
}
