// What the auth plugin adds to the User list: its sessions (read-only), the sign-out-everywhere action,
// and the rule that a new password ends the user's other sessions.
import { relationship } from '@keystone-6/core/fields'
import type { KeystoneContext } from '@keystone-6/core/types'
import { isAdmin } from '../shared/access'
import type { Session } from '../shared/session'
import { backRelation } from '../shared/tenant'
import { revokeSessions } from './revoke'
import { signOutEverywhere } from './sign-out-everywhere'

type AfterArgs = { operation: string; inputData?: Record<string, unknown>; item?: { id: unknown }; context: KeystoneContext<any> & { session?: Session } }

/**
 * A password set or cleared ends every other session of that user; the session that changed it stays
 * when it is the user's own (an admin resetting someone's password signs all of their devices out).
 */
export async function endSessionsOnPasswordChange({ operation, inputData, item, context }: AfterArgs) {
  if (operation !== 'update' || !item || inputData?.password === undefined) return
  const userId = String(item.id)
  const session = context.session
  await revokeSessions(context, userId, { keep: session?.itemId === userId ? session.sessionId : undefined })
}

export const userAuthExtension = {
  fields: {
    // which sessions a user has is the admins' business (users see their own in the UserSession list)
    sessions: relationship(backRelation({ ref: 'UserSession.user', many: true, access: { read: isAdmin } })),
  },
  actions: { signOutEverywhere },
  hooks: { afterOperation: endSessionsOnPasswordChange },
}
