// The status staff read: one rule over the invitation's dates and its email's delivery.
import { describeInvitation, invitationStatus } from '../../../schema/portal'

const now = new Date('2026-11-20T12:00:00Z')
const later = new Date('2026-11-27T12:00:00Z')
const earlier = new Date('2026-11-19T12:00:00Z')

test.each([
  ['queued: the pipeline has it, no answer yet', { expiresAt: later }, { status: 'sending', sentAt: null }, 'queued'],
  ['queued: no message recorded yet', { expiresAt: later }, null, 'queued'],
  ['sent: the provider accepted it', { expiresAt: later }, { status: 'sent', sentAt: earlier }, 'sent'],
  ['not delivered: the pipeline gave up', { expiresAt: later }, { status: 'error', sentAt: null }, 'notDelivered'],
  ['not delivered: the address unsubscribed', { expiresAt: later }, { status: 'disabledByUser', sentAt: null }, 'notDelivered'],
  ['expired beats sent', { expiresAt: earlier }, { status: 'sent', sentAt: earlier }, 'expired'],
  ['revoked beats expired', { expiresAt: earlier, revokedAt: earlier }, null, 'revoked'],
  ['accepted beats everything', { expiresAt: earlier, acceptedAt: earlier, revokedAt: earlier }, null, 'accepted'],
] as const)('%s', (_name, invitation, delivery, expected) => {
  expect(invitationStatus(invitation as any, delivery as any, now)).toBe(expected)
})

test('the contacts-list line says never invited, sent at, accepted at or expired', () => {
  expect(describeInvitation(null, null, false, now)).toBe('Never invited')
  expect(describeInvitation(null, null, true, now)).toBe('Has a portal account')
  expect(describeInvitation({ expiresAt: later }, { status: 'sent', sentAt: earlier }, false, now)).toBe('Sent 2026-11-19 12:00 UTC')
  expect(describeInvitation({ expiresAt: later, acceptedAt: now }, null, true, now)).toBe('Accepted 2026-11-20 12:00 UTC')
  expect(describeInvitation({ expiresAt: earlier }, { status: 'sent', sentAt: earlier }, false, now)).toBe('Expired 2026-11-19 12:00 UTC')
})
