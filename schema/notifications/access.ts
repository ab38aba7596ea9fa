// Access predicates of the notification lists.
import type { KeystoneContext } from '@keystone-6/core/types'
import { employeeOf } from '../shared/access'
import { holdsPermissionEverywhere, holdsPermissionInRequest, organizationsWhereHeld } from '../shared/request-cache'
import type { Session } from '../shared/session'

type Args = { session?: Session }

/**
 * Messages: admins all; a user their own; staff those of organizations where they hold manageMessages
 * (by id, from the request's employments: the message list's indexes then serve the staff pages).
 */
export async function messageFilter({ session, context }: Args & { context: KeystoneContext<any> }) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  const own = { user: { id: { equals: session.itemId } } }
  if (session.data?.type !== 'staff') return own
  const organizations = await organizationsWhereHeld(context as any, 'manageMessages')
  return organizations.length ? { OR: [own, { organization: { id: { in: organizations } } }] } : own
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

type FieldArgs = { session?: Session; context: KeystoneContext<any>; item?: any }

/** A message's phone, email and recipient key: its recipient, admins, and staff who may read contacts there. */
async function canReadRecipient({ session, context, item }: FieldArgs) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  if (item?.userId && String(item.userId) === session.itemId) return true
  return session.data?.type === 'staff' && holdsPermissionInRequest(context as any, item?.organizationId, 'readContacts')
}

/** Filtering by them would reveal them in every message the caller sees: readContacts in all their organizations. */
const canFilterRecipient = ({ context }: FieldArgs) => holdsPermissionEverywhere(context as any, 'readContacts')

export const recipientDetailsAccess = { read: { item: canReadRecipient, filter: canFilterRecipient, order: canFilterRecipient } }
