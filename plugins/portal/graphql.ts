// GraphQL beyond the action: staff revoke a pending invitation (its link stops working at once).
import { g } from '@keystone-6/core'
import { holdsPermission } from '../../schema/shared/access'
import { typedError } from '../../schema/shared/errors'
import { revokePending } from './send-invitation'

export const portalGraphql = g.extend(base => ({
  mutation: {
    revokePortalInvitation: g.field({
      type: g.nonNull(base.object('PortalInvitation')),
      description: 'Staff holding manageContacts revoke a pending portal invitation; its link stops working',
      args: { id: g.arg({ type: g.nonNull(g.ID) }) },
      async resolve(_root, { id }, context) {
        // through the caller's access: an invitation they cannot read does not exist for them
        const visible = await context.db.PortalInvitation.findOne({ where: { id } }).catch(() => null)
        if (!visible) throw typedError('PORTAL_INVITATION_NOT_FOUND', 'No such portal invitation')
        if (!(await holdsPermission(context, String(visible.organizationId), 'manageContacts'))) {
          throw typedError('PORTAL_INVITATION_FORBIDDEN', 'Revoking portal invitations needs the manageContacts permission in the contact’s organization')
        }
        if (!visible.pendingKey) throw typedError('PORTAL_INVITATION_NOT_PENDING', 'This invitation was already accepted or revoked')
        await revokePending(context, String(visible.contactId), 'staff')
        return context.db.PortalInvitation.findOne({ where: { id } })
      },
    }),
  },
}))
