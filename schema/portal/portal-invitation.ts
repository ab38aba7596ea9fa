// PortalInvitation: one invitation of a resident contact to the web portal. Written only by the portal
// plugin's own code (send, resend, revoke, accept); staff read the history, nobody edits it through the API.
import { g, list } from '@keystone-6/core'
import { integer, relationship, select, text, timestamp, virtual } from '@keystone-6/core/fields'
import type { Session } from '../shared/session'
import { isStaff } from '../shared/access'
import { holdsPermissionEverywhere, holdsPermissionInRequest } from '../shared/request-cache'
import { organizationField, sameOrganization } from '../shared/tenant'
import { INVITATION_STATUSES, invitationStatus } from './invitation-status'
import { invitationDelivery } from './delivery'

const denyAll = () => false
const readOnly = { ui: { createView: { fieldMode: 'hidden' as const }, itemView: { fieldMode: 'read' as const } } }
const hiddenEverywhere = { createView: { fieldMode: 'hidden' as const }, itemView: { fieldMode: 'hidden' as const }, listView: { fieldMode: 'hidden' as const } }

/** Admins all; staff the invitations of organizations where they read or manage contacts; residents none. */
export function invitationFilter({ session }: { session?: Session }) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  if (session.data?.type !== 'staff') return false
  const holding = ['readContacts', 'manageContacts'].map(permission => ({ [permission]: { equals: true } }))
  return { organization: { employees: { some: { user: { id: { equals: session.itemId } }, OR: holding } } } }
}

/** The address is the contact's: read like the contact's email (readContacts there; filters need it everywhere). */
const emailAccess = {
  read: {
    item: ({ context, item }: any) => holdsPermissionInRequest(context, item.organizationId, 'readContacts'),
    filter: ({ context }: any) => holdsPermissionEverywhere(context, 'readContacts'),
    order: ({ context }: any) => holdsPermissionEverywhere(context, 'readContacts'),
  },
}

export const REVOKE_REASONS = ['emailChanged', 'archived', 'staff'] as const

export const PortalInvitation = list({
  access: {
    operation: { query: isStaff, create: denyAll, update: denyAll, delete: denyAll },
    filter: { query: invitationFilter },
  },
  ui: {
    labelField: 'email',
    hideCreate: true,
    hideDelete: true,
    listView: { initialColumns: ['contact', 'email', 'status', 'sentAt', 'expiresAt', 'acceptedAt', 'sendCount'], initialSort: { field: 'createdAt', direction: 'DESC' } },
  },
  fields: {
    organization: organizationField({ ui: readOnly.ui }),
    contact: relationship(sameOrganization({ ref: 'Contact.portalInvitations', many: false, ...readOnly })),
    /** The contact's email when the invitation was sent: a change of the contact's email revokes it. */
    email: text({ validation: { isRequired: true }, access: emailAccess, ...readOnly }),
    /** HMAC-SHA256 of the 256-bit token (the token itself exists only in the email). Never in the API;
     *  nullable only because the API cannot set it (the plugin's code always does). */
    tokenHash: text({ isIndexed: 'unique', db: { isNullable: true }, graphql: { omit: true }, ui: hiddenEverywhere }),
    /** The contact's id while the invitation is pending, else empty: one pending invitation per contact (unique). */
    pendingKey: text({ isIndexed: 'unique', db: { isNullable: true }, graphql: { omit: true }, ui: hiddenEverywhere }),
    invitedBy: relationship(sameOrganization({ ref: 'User', many: false, ...readOnly })),
    /** The email of the current token, through the notification pipeline (its trace says what happened). */
    message: relationship(sameOrganization({ ref: 'Message', many: false, ...readOnly })),
    sendCount: integer({ defaultValue: 0, validation: { isRequired: true }, ...readOnly }),
    /** When the current email was handed to the pipeline. */
    queuedAt: timestamp({ ...readOnly }),
    /** When the email provider accepted the current email (the pipeline's record), not when it was queued. */
    sentAt: virtual({
      field: g.field({ type: g.DateTime, resolve: async (item: any, _args, context) => (await invitationDelivery(context, item))?.sentAt ?? null }),
      ui: { createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'read' } },
    }),
    status: virtual({
      field: g.field({
        type: g.String,
        description: INVITATION_STATUSES.join(' | '),
        resolve: async (item: any, _args, context) => invitationStatus(item, await invitationDelivery(context, item)),
      }),
      ui: { createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'read' } },
    }),
    expiresAt: timestamp({ validation: { isRequired: true }, ...readOnly }),
    acceptedAt: timestamp({ ...readOnly }),
    acceptedBy: relationship(sameOrganization({ ref: 'User', many: false, ...readOnly })),
    revokedAt: timestamp({ ...readOnly }),
    revokedReason: select({ type: 'string', options: REVOKE_REASONS.map(value => ({ value, label: value })), db: { isNullable: true }, ...readOnly }),
    createdAt: timestamp({ defaultValue: { kind: 'now' }, isIndexed: true, ...readOnly }),
  },
})
