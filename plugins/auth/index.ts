import { createAuth } from '@keystone-6/auth'
import { statelessSessions } from '@keystone-6/core/session'
import { definePlugin } from '../kernel'
import { SESSION_DATA, type Session } from '../../schema/shared/session'
import { seedAdmin } from './seed-admin'

export type AuthOptions = {
  sessionSecret: string
  /** Seconds a session lasts; mobile apps keep a bearer token that long. */
  sessionMaxAge?: number
  adminEmail?: string
  adminPassword?: string
  log?: (line: string) => void
}

/**
 * Staff sign in to the Admin UI with email and password; the same stateless session is accepted
 * by GraphQL as a cookie or as `Authorization: Bearer <token>`.
 */
export function authPlugin(options: AuthOptions) {
  const { withAuth } = createAuth({
    listKey: 'User',
    identityField: 'email',
    secretField: 'password',
    sessionData: SESSION_DATA,
  })
  return definePlugin({
    name: 'auth',
    requires: ['organizations'],
    onConnect: context => seedAdmin(context, { email: options.adminEmail, password: options.adminPassword, log: options.log }),
    extendConfig: config =>
      withAuth({
        ...config,
        session: statelessSessions({ secret: options.sessionSecret, maxAge: options.sessionMaxAge ?? 60 * 60 * 24 * 30 }),
        ui: {
          ...config.ui,
          // residents and service accounts use the API, not the Admin UI
          isAccessAllowed: async context => {
            const session = context.session as Session | undefined
            return !!session && (session.data?.isAdmin || session.data?.type === 'staff')
          },
        },
      }),
  })
}
