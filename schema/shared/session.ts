// The session every access rule reads. Its `data` comes from @keystone-6/auth's sessionData.
import type { Permission } from './permissions'

export type UserType = 'staff' | 'resident' | 'service'

export type Session = {
  listKey: 'User'
  itemId: string
  /** The UserSession row the request's token names (absent in sessions built by server code and tests). */
  sessionId?: string
  data: {
    id: string
    name: string
    type: UserType
    isAdmin: boolean
    /** Staff: their employments, read with the session row (PostgreSQL), as of employments version `version`
     *  (schema/shared/request-cache.ts reads them anew once an employment was written since). */
    employments?: { version: number; rows: Employment[] }
  }
}

/** One employment of a staff user: the organization and whether each permission is held there. */
export type Employment = { organizationId: string | null } & Record<Permission, boolean>

export const SESSION_DATA = 'id name type isAdmin'
