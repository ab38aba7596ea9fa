import { createAuth } from '@keystone-6/auth'
import type { RateLimitStore } from '../../adapters/rate-limit'
import { authLists, userAuthExtension } from '../../schema/auth'
import { SESSION_DATA, type Session } from '../../schema/shared/session'
import { sweepSessionsTask } from '../../tasks/sweep-sessions'
import { definePlugin } from '../kernel'
import type { Schedule } from '../tasks'
import { limitPasswordSignIn } from './password-sign-in'
import { seedAdmin } from './seed-admin'
import { DEFAULT_SESSION_LIFETIMES, revocableSessions, type SessionLifetimes } from './sessions'
import { createSignInLimits, DEFAULT_SIGN_IN_LIMITS, type SignInLimitOptions } from './sign-in-limits'

export { sessionLifetimesFromEnv, type SessionLifetimes } from './sessions'
export { signInLimitsFromEnv, type SignInLimits, type SignInLimitOptions } from './sign-in-limits'

export type AuthOptions = {
  sessionSecret: string
  sessionLifetimes?: Partial<SessionLifetimes>
  signInLimits?: Partial<SignInLimitOptions>
  /** Where sign-in attempts are counted (Redis when the queue is BullMQ, memory otherwise). */
  rateLimitStore?: RateLimitStore
  adminEmail?: string
  adminPassword?: string
  log?: (line: string) => void
}

const HOUR_MS = 60 * 60 * 1000

/**
 * Staff sign in to the Admin UI with email and password (within the sign-in limits); residents sign in by
 * phone (plugins/residents). Either way the session is a UserSession row named by a sealed token, accepted
 * by GraphQL as a cookie or as `Authorization: Bearer <token>`, and revocable (docs/architecture.md#sessions).
 */
export function authPlugin(options: AuthOptions) {
  const { withAuth } = createAuth({
    listKey: 'User',
    identityField: 'email',
    secretField: 'password',
    sessionData: SESSION_DATA,
  })
  const signInLimits = createSignInLimits({ ...DEFAULT_SIGN_IN_LIMITS, ...options.signInLimits }, options.rateLimitStore)
  const session = revocableSessions({ secret: options.sessionSecret, lifetimes: { ...DEFAULT_SESSION_LIFETIMES, ...options.sessionLifetimes } })
  const schedules: Schedule[] = [{ task: sweepSessionsTask, everyMs: HOUR_MS }]
  return definePlugin({
    name: 'auth',
    requires: ['organizations'],
    lists: authLists,
    extendLists: { User: userAuthExtension },
    extendGraphqlSchema: limitPasswordSignIn(signInLimits),
    onConnect: context => seedAdmin(context, { email: options.adminEmail, password: options.adminPassword, log: options.log }),
    contributes: { signInLimits: [signInLimits], tasks: [sweepSessionsTask], schedules, closers: [() => signInLimits.close()] },
    extendConfig: config => ({
      ...withAuth({
        ...config,
        session,
        ui: {
          ...config.ui,
          // residents and service accounts use the API, not the Admin UI
          isAccessAllowed: async context => {
            const current = context.session as Session | undefined
            return !!current && (current.data?.isAdmin || current.data?.type === 'staff')
          },
        },
      }),
      // ours, not withAuth's wrapper: it reads the user along with the session row (one query, not two)
      session,
    }),
  })
}
