// "Send portal invitation" on Contact: a Keystone list action, so it is both GraphQL mutations
// (sendPortalInvitation for one contact, sendPortalInvitations for many: each contact succeeds or fails
// on its own, with its typed error) and a button in the Admin UI (item view: greyed out where the rule
// refuses; list view: on the selected rows). Resending is the same action on a pending invitation.
import { action } from '@keystone-6/core'
import type { KeystoneContext } from '@keystone-6/core/types'
import { invitationRefusal, type ContactRow } from '../../schema/portal'
import { isStaff } from '../../schema/shared/access'
import { sendPortalInvitation, type InvitationDeps } from './send-invitation'

export function sendPortalInvitationAction(deps: InvitationDeps) {
  return action({
    access: isStaff,
    graphql: {
      singular: 'sendPortalInvitation',
      plural: 'sendPortalInvitations',
      description: 'Sends (or resends, rotating the link) the resident portal invitation of a resident contact with an email and no portal account',
    },
    async resolve({ where }, context: KeystoneContext<any>) {
      const { invitationId } = await sendPortalInvitation(deps, context, where as Record<string, unknown>)
      const invitation = await (context.sudo().prisma as any).portalInvitation.findUnique({ where: { id: invitationId }, select: { contactId: true } })
      return context.db.Contact.findOne({ where: { id: invitation.contactId } })
    },
    ui: {
      label: 'Send portal invitation',
      icon: 'mailIcon',
      messages: {
        promptTitle: 'Send portal invitation',
        promptTitleMany: 'Send portal invitations',
        prompt: 'Email “{itemLabel}” a link to set up their resident portal account? A pending invitation is resent with a new link.',
        promptMany: 'Email the {count} selected contacts a link to the resident portal? Contacts that cannot be invited are skipped with the reason.',
        promptConfirmLabel: 'Send invitation',
        promptConfirmLabelMany: 'Send invitations',
        success: 'Portal invitation sent to “{itemLabel}”',
        successMany: '{countSuccess} portal invitation(s) sent',
        fail: 'Could not send the portal invitation to “{itemLabel}”',
        failMany: '{countFail} contact(s) could not be invited',
      },
      itemView: {
        // greyed out where the rule refuses (the reason is the contact's portalInvitationBlockedReason)
        actionMode: async ({ context, item }: any) => (item && !(await invitationRefusal(context, item as ContactRow)) ? 'enabled' : 'disabled'),
        navigation: 'refetch',
      },
      listView: { actionMode: 'enabled' },
    },
  })
}
