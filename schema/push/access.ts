// Access predicates of the push lists: a device belongs to its owner (a user) or to no one.
import type { Session } from '../shared/session'

type Args = { session?: Session }

/** RemoteClient: admins all; a signed-in user the devices they own; anonymous nothing. */
export function remoteClientFilter({ session }: Args) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  return { owner: { id: { equals: session.itemId } } }
}

/** PushToken: admins all; a signed-in user the tokens of the devices they own. */
export function pushTokenFilter({ session }: Args) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  return { remoteClient: { owner: { id: { equals: session.itemId } } } }
}

export const denyAll = () => false
