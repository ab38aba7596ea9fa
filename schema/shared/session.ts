// The session every access rule reads. Its `data` comes from @keystone-6/auth's sessionData.
export type UserType = 'staff' | 'resident' | 'service'

export type Session = {
  listKey: 'User'
  itemId: string
  data: { id: string; name: string; type: UserType; isAdmin: boolean }
}

export const SESSION_DATA = 'id name type isAdmin'
