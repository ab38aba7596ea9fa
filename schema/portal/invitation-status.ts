// What staff read about an invitation: one status from its dates and its email's delivery.
// Sent means the email provider accepted the message (the pipeline's Message.sentAt), not that it was queued.

export const INVITATION_STATUSES = ['queued', 'sent', 'notDelivered', 'accepted', 'expired', 'revoked'] as const
export type InvitationStatus = (typeof INVITATION_STATUSES)[number]

/** Message statuses that end a delivery without the provider accepting it. */
const UNDELIVERED = ['error', 'blacklisted', 'disabledByUser', 'throttled', 'canceled']

export type InvitationFacts = {
  acceptedAt?: Date | null
  revokedAt?: Date | null
  expiresAt: Date
}
export type DeliveryFacts = { status: string; sentAt: Date | null } | null

export function invitationStatus(invitation: InvitationFacts, delivery: DeliveryFacts, now = new Date()): InvitationStatus {
  if (invitation.acceptedAt) return 'accepted'
  if (invitation.revokedAt) return 'revoked'
  if (invitation.expiresAt.getTime() <= now.getTime()) return 'expired'
  if (delivery?.sentAt) return 'sent'
  if (delivery && UNDELIVERED.includes(delivery.status)) return 'notDelivered'
  return 'queued'
}

const stamp = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`

/** One line for the contacts list: never invited, sent at, accepted at, expired... */
export function describeInvitation(invitation: (InvitationFacts & { sentAt?: Date | null }) | null, delivery: DeliveryFacts, hasPortalUser: boolean, now = new Date()): string {
  if (!invitation) return hasPortalUser ? 'Has a portal account' : 'Never invited'
  const status = invitationStatus(invitation, delivery, now)
  switch (status) {
    case 'accepted':
      return `Accepted ${stamp(invitation.acceptedAt!)}`
    case 'revoked':
      return `Revoked ${stamp(invitation.revokedAt!)}`
    case 'expired':
      return `Expired ${stamp(invitation.expiresAt)}`
    case 'sent':
      return `Sent ${stamp(delivery!.sentAt!)}`
    case 'notDelivered':
      return 'Not delivered (see the message trace)'
    default:
      return 'Queued for sending'
  }
}
