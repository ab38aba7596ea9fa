import { list } from '@keystone-6/core'
import { relationship, text, timestamp } from '@keystone-6/core/fields'
import { isSignedIn } from '../shared/access'
import type { Session } from '../shared/session'

type Args = { session?: Session }

/** Admins see every session; a user sees (and may end) their own devices' sessions. */
const ownOrAll = ({ session }: Args) => {
  if (!session) return false
  if (session.data?.isAdmin) return true
  return { user: { id: { equals: session.itemId } } }
}

const readOnly = { createView: { fieldMode: 'hidden' as const }, itemView: { fieldMode: 'read' as const } }

/**
 * One signed-in device: a session token (cookie or bearer) names its row, and a request is signed in only
 * while the row exists and has not expired (plugins/auth/sessions.ts). Ending a session deletes its row:
 * `endSession`, deleting it here (an admin, or the user for their own devices), signing out everywhere and
 * a password change. Rows are written by sign-in only, never through the API.
 */
export const UserSession = list({
  access: {
    operation: { query: isSignedIn, create: () => false, update: () => false, delete: isSignedIn },
    filter: { query: ownOrAll, delete: ownOrAll },
  },
  graphql: { omit: { create: true, update: true } },
  ui: {
    labelField: 'createdAt',
    hideCreate: true,
    listView: { initialColumns: ['user', 'createdAt', 'expiresAt', 'userAgent'], initialSort: { field: 'createdAt', direction: 'DESC' } },
  },
  fields: {
    user: relationship({ ref: 'User.sessions', ui: readOnly }),
    createdAt: timestamp({ defaultValue: { kind: 'now' }, validation: { isRequired: true }, ui: readOnly }),
    expiresAt: timestamp({ validation: { isRequired: true }, isIndexed: true, ui: readOnly }),
    /** The client that signed in, so a person can tell their devices apart (cut to 200 characters). */
    userAgent: text({ ui: readOnly }),
  },
})
