// Who is asking: the Keystone session (the same stateless session cookie the API and the Admin UI use),
// read through the session strategy, so whatever the auth plugin adds to sessions (revocation) applies.
// Only a resident session acts in the portal; staff and admin sessions never do.
import type { KeystoneContext } from '@keystone-6/core/types'
import type { Session } from '../../../schema/shared/session'

export type Viewer = { kind: 'anonymous' } | { kind: 'staff' } | { kind: 'resident'; userId: string; name: string }

export function viewerOf(context: KeystoneContext<any>): Viewer {
  const session = context.session as Session | undefined
  if (!session?.itemId) return { kind: 'anonymous' }
  if (session.data?.type === 'resident' && !session.data.isAdmin) return { kind: 'resident', userId: session.itemId, name: session.data.name }
  return { kind: 'staff' }
}

/** Starts a session for the user: sets the session cookie on the response. */
export async function startSession(context: KeystoneContext<any>, userId: string) {
  if (!context.sessionStrategy) throw new Error('No session strategy configured')
  await context.sessionStrategy.start({ data: { listKey: 'User', itemId: userId }, context })
}

export async function endSession(context: KeystoneContext<any>) {
  await context.sessionStrategy?.end({ context })
}
