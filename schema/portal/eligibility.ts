// Who may be invited to the resident portal, and by whom: a live resident contact with an email and no
// portal account yet, by staff holding manageContacts in the contact's organization (or an admin).
// One list of reasons, used by the send action (as typed errors), by the Admin UI (greyed out with the
// reason) and by the bulk action (each refused row says why).
import type { KeystoneContext } from '@keystone-6/core/types'
import { holdsPermissionInRequest } from '../shared/request-cache'

export type Refusal = { code: string; message: string }

export const REFUSALS = {
  forbidden: { code: 'PORTAL_INVITATION_FORBIDDEN', message: 'Sending portal invitations needs the manageContacts permission in the contact’s organization' },
  notResident: { code: 'CONTACT_NOT_RESIDENT', message: 'Only resident contacts can be invited to the portal' },
  archived: { code: 'CONTACT_ARCHIVED', message: 'The contact is archived; restore it first' },
  noEmail: { code: 'CONTACT_EMAIL_MISSING', message: 'The contact has no email address' },
  linked: { code: 'CONTACT_HAS_PORTAL_USER', message: 'The contact already has a portal account' },
} as const satisfies Record<string, Refusal>

/** The stored contact row (Prisma shape: relation ids as `...Id`). */
export type ContactRow = {
  id: string
  organizationId: string | null
  type: string
  email: string | null
  archivedAt: Date | null
  portalUserId: string | null
}

/** Why this contact cannot be invited, whoever asks; null when it can. */
export function contactRefusal(contact: ContactRow): Refusal | null {
  if (contact.type !== 'resident') return REFUSALS.notResident
  if (contact.archivedAt) return REFUSALS.archived
  if (!contact.email) return REFUSALS.noEmail
  if (contact.portalUserId) return REFUSALS.linked
  return null
}

/** Why the caller cannot invite this contact (permission first); null when they can. */
export async function invitationRefusal(context: KeystoneContext<any>, contact: ContactRow): Promise<Refusal | null> {
  if (!(await holdsPermissionInRequest(context as any, contact.organizationId, 'manageContacts'))) return REFUSALS.forbidden
  return contactRefusal(contact)
}
