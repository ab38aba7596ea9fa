// The session every access rule reads. Its `data` comes from @keystone-6/auth's sessionData.
export type UserType = 'staff' | 'resident' | 'service'

export type Session = {
  listKey: 'User'
  itemId: string
  /** The UserSession row the request's token names (absent in sessions built by server code and tests). */
  sessionId?: string
  data: { id: string; name: string; type: UserType; isAdmin: boolean }
}

export const SESSION_DATA = 'id name type isAdmin'
