// The resident portal (issue 13): staff invite resident contacts by email, the person sets a password at
// the link and lands on a server-rendered portal at /portal (units, notices, notification settings,
// profile), served by this plugin from the CMS's own server.
import { portalContactFields, portalLists } from '../../schema/portal'
import { definePlugin } from '../kernel'
import '../notifications/contributions'
import { sendPortalInvitationAction } from './actions'
import { revokeOnContactChange } from './contact-hooks'
import { portalGraphql } from './graphql'
import { createPortalLimiters } from './limits'
import { portalInvitation } from './message-type'
import type { PortalOptions } from './options'
import { derivePortalKey } from './tokens'
import { portalRoutes } from './web/routes'

export { portalOptionsFromEnv, type PortalOptions } from './options'
export { PORTAL_INVITATION } from './message-type'

export function portalPlugin(options: PortalOptions) {
  const limits = createPortalLimiters(options)
  const now = options.now ?? (() => new Date())
  const tokenKey = derivePortalKey(options.sessionSecret, 'portal-invitation-token')
  const invitations = { tokenKey, ttlMs: options.invitationTtlHours * 60 * 60 * 1000, publicUrl: options.publicUrl, limits, now }
  const csrfKey = derivePortalKey(options.sessionSecret, 'portal-csrf')
  return definePlugin({
    name: 'portal',
    requires: ['organizations', 'auth', 'contacts', 'notifications', 'residents'],
    lists: portalLists,
    extendLists: {
      Contact: {
        fields: portalContactFields,
        hooks: revokeOnContactChange,
        actions: { sendPortalInvitation: sendPortalInvitationAction(invitations) },
        // the contacts list says, per contact: never invited, sent at, accepted at, expired...
        listColumns: ['portalInvitationStatus'],
      },
    },
    extendGraphqlSchema: portalGraphql,
    extendExpressApp: portalRoutes({
      accept: { tokenKey, policy: { minLength: options.passwordMinLength }, now },
      csrfKey,
      limits,
      publicUrl: options.publicUrl,
    }),
    contributes: {
      messageTypes: [portalInvitation],
      closers: [() => limits.close()],
      adminLinks: [{ href: '/portal-invitations', label: 'Portal invitations', group: 'contacts', order: 20 }],
    },
  })
}
