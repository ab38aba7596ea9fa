// What the portal adds to Contact: the invitation history, a status line for the contacts list and the
// reason the invite action is greyed out. Staff-only reads: residents get null.
import { g } from '@keystone-6/core'
import { relationship, virtual } from '@keystone-6/core/fields'
import type { KeystoneContext } from '@keystone-6/core/types'
import type { Session } from '../shared/session'
import { backRelation } from '../shared/tenant'
import { invitationDelivery } from './delivery'
import { invitationRefusal, REFUSALS, type ContactRow } from './eligibility'
import { describeInvitation } from './invitation-status'

const isStaffSession = (context: KeystoneContext<any>) => {
  const session = context.session as Session | undefined
  return !!session && (session.data?.isAdmin || session.data?.type === 'staff')
}

async function latestInvitation(context: KeystoneContext<any>, contactId: string) {
  return (context.sudo().prisma as any).portalInvitation.findFirst({ where: { contactId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
}

export const portalContactFields = {
  portalInvitations: relationship(
    backRelation({
      ref: 'PortalInvitation.contact',
      many: true,
      // not even in the input types: invitations are linked by the portal's own code
      graphql: { omit: { create: true, update: true } },
      ui: { description: 'Portal invitations sent to this contact, newest last', displayMode: 'count', itemView: { fieldMode: 'read' } },
    })
  ),
  portalInvitationStatus: virtual({
    field: g.field({
      type: g.String,
      description: 'Never invited, queued, sent at, accepted at, expired, revoked or not delivered (the latest invitation)',
      async resolve(item: any, _args, context) {
        if (!isStaffSession(context)) return null
        const invitation = await latestInvitation(context, String(item.id))
        const delivery = invitation ? await invitationDelivery(context, invitation) : null
        return describeInvitation(invitation, delivery, !!item.portalUserId)
      },
    }),
    ui: { label: 'Portal invitation', createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'read', fieldPosition: 'sidebar' } },
  }),
  portalInvitationBlockedReason: virtual({
    field: g.field({
      type: g.String,
      description: 'Why the signed-in staff member cannot send a portal invitation to this contact; null when they can',
      async resolve(item: any, _args, context) {
        if (!isStaffSession(context)) return REFUSALS.forbidden.message
        return (await invitationRefusal(context, item as ContactRow))?.message ?? null
      },
    }),
    // on the contact's page beside the status: why "Send portal invitation" is greyed out
    ui: { label: 'Why no portal invitation', createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'read', fieldPosition: 'sidebar' }, listView: { fieldMode: 'hidden' } },
  }),
}
