// Which identity fields a user may change on their own account through the generic API (the list's update
// filter already limits non-admins to themselves). Admins may change them on anyone.
// - email and password: not residents (they sign in by a verified phone; the portal invitation flow gives
//   them an email and a password), or an SMS-verified account would gain a password sign-in;
// - phone: nobody but an admin: the verification flow sets it (with sudo), since a phone put on the wrong
//   account locks its resident out of SMS sign-in, and a resident's verified phone opens their contacts'
//   details to them (schema/contacts/contact-access.ts).
import { typedError } from '../shared/errors'
import type { Session } from '../shared/session'

type Args = { session?: Session }

/** Field update access that throws its own typed error, so a client learns why (not a generic denial). */
function refuseUnless(allowed: (session: Session | undefined) => boolean, code: string, message: string) {
  return ({ session }: Args) => {
    if (session?.data?.isAdmin || allowed(session)) return true
    throw typedError(code, message)
  }
}

const notResident = (session: Session | undefined) => !!session && session.data?.type !== 'resident'

export const emailUpdate = refuseUnless(notResident, 'USER_EMAIL_CHANGE_FORBIDDEN', 'Residents cannot set an email address on their account here')
export const passwordUpdate = refuseUnless(notResident, 'USER_PASSWORD_CHANGE_FORBIDDEN', 'Residents cannot set a password on their account here')
export const phoneUpdate = refuseUnless(() => false, 'USER_PHONE_CHANGE_FORBIDDEN', 'A phone number is set by verifying it by SMS, or by an admin')

/** The Admin UI shows the phone read-only to everyone but admins. */
export const phoneFieldMode = ({ session }: Args) => (session?.data?.isAdmin ? ('edit' as const) : ('read' as const))
