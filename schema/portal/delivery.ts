// The delivery of an invitation's current email, read from the pipeline's Message row (status, sentAt).
import type { KeystoneContext } from '@keystone-6/core/types'
import { loadInBatch } from '../shared/batch-loader'
import type { DeliveryFacts } from './invitation-status'

/** Batched per request: a page of invitations (or of contacts' latest ones) reads its messages in one query. */
export async function invitationDelivery(context: KeystoneContext<any>, invitation: { messageId?: string | null }): Promise<DeliveryFacts> {
  const id = invitation.messageId
  if (!id) return null
  const found = await loadInBatch(context, 'invitation-delivery', id, async ids => {
    const rows: { id: string; status: string; sentAt: Date | null }[] = await (context.sudo().prisma as any).message.findMany({
      where: { id: { in: ids } },
      select: { id: true, status: true, sentAt: true },
    })
    return new Map(rows.map(row => [row.id, { status: row.status, sentAt: row.sentAt }]))
  })
  return found ?? null
}
