// Access predicates of the notification lists.
import { employeeOf } from '../shared/access'
import type { Session } from '../shared/session'

type Args = { session?: Session }

/** Messages: admins all; a user their own; staff those of organizations where they hold manageMessages. */
export function messageFilter({ session }: Args) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  const own = { user: { id: { equals: session.itemId } } }
  if (session.data?.type !== 'staff') return own
  return { OR: [own, { organization: employeeOf(session, 'manageMessages') }] }
}

/** Delivery rows: admins, and staff holding manageMessages in the message's organization. */
export function messageDeliveryFilter({ session }: Args) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  if (session.data?.type !== 'staff') return false
  return { message: { organization: employeeOf(session, 'manageMessages') } }
}

/** Settings: a user their own rows and the global defaults (no user); admins all. */
export function settingsReadFilter({ session }: Args) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  return { OR: [{ user: { id: { equals: session.itemId } } }, { user: null }] }
}

export function ownSettingsFilter({ session }: Args) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  return { user: { id: { equals: session.itemId } } }
}

export const denyAll = () => false
