// What the portal adds to Contact: the invitation history, a status line for the contacts list and the
// reason the invite action is greyed out. Staff-only reads: residents get null.
import { g } from '@keystone-6/core'
import { relationship, virtual } from '@keystone-6/core/fields'
import type { KeystoneContext } from '@keystone-6/core/types'
import type { Session } from '../shared/session'
import { loadInBatch } from '../shared/batch-loader'
import { backRelation } from '../shared/tenant'
import { invitationDelivery } from './delivery'
import { invitationRefusal, REFUSALS, type ContactRow } from './eligibility'
import { describeInvitation } from './invitation-status'

const isStaffSession = (context: KeystoneContext<any>) => {
  const session = context.session as Session | undefined
  return !!session && (session.data?.isAdmin || session.data?.type === 'staff')
}

/** The latest invitation of each contact of the page, in one query for the whole page. */
function latestInvitation(context: KeystoneContext<any>, contactId: string) {
  return loadInBatch(context, 'latest-portal-invitation', contactId, async contactIds => {
    // no ORDER BY: with one, PostgreSQL may walk the createdAt index over every invitation instead of
    // using the contact index (bench/contacts-page.ts); a contact has a handful of rows, sorted here
    const rows: any[] = await (context.sudo().prisma as any).portalInvitation.findMany({ where: { contactId: { in: contactIds } } })
    const latest = new Map<string, any>()
    const newer = (a: any, b: any) => a.createdAt.getTime() - b.createdAt.getTime() || String(a.id).localeCompare(String(b.id))
    for (const row of rows) {
      const seen = latest.get(row.contactId)
      if (!seen || newer(row, seen) > 0) latest.set(row.contactId, row)
    }
    return latest
  })
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
        const invitation = (await latestInvitation(context, String(item.id))) ?? null
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
