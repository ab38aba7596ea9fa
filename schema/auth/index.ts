import { UserSession } from './user-session'

export const authLists = { UserSession }
export { userAuthExtension } from './user-extension'
export { revokeSessions } from './revoke'
