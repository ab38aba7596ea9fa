// Revocable sessions. The token a client holds (the `keystonejs-session` cookie or `Authorization: Bearer`)
// is sealed by Keystone's statelessSessions (Iron, SESSION_SECRET) and names a UserSession row; a request
// is signed in while that row exists and has not expired. Ending a session deletes its row.
//
// Cost per request with a token: one query by primary keys (the user, with an EXISTS on their session
// row: session-user.ts), read once per request (Keystone keeps the session on the request's context); the unseal only the
// first time a process sees the token (unsealed-tokens.ts).
import { statelessSessions } from '@keystone-6/core/session'
import type { KeystoneContext, SessionStrategy } from '@keystone-6/core/types'
import { currentEmploymentsVersion } from '../../schema/shared/request-cache'
import type { Session, UserType } from '../../schema/shared/session'
import { sessionUser } from './session-user'
import { tokenOf, unsealedTokens } from './unsealed-tokens'

export type SessionLifetimes = {
  /** Staff, admins and service accounts (the Admin UI, integrations). */
  staffDays: number
  /** Residents (mobile apps keep a bearer token; signing in again costs an SMS). */
  residentDays: number
}

export const DEFAULT_SESSION_LIFETIMES: SessionLifetimes = { staffDays: 7, residentDays: 90 }

/** What the token carries: who, and which session row. */
type Sealed = { listKey: 'User'; itemId: string; sessionId: string }

const DAY_SECONDS = 24 * 60 * 60
const USER_AGENT_MAX = 200

export function revocableSessions(options: { secret: string; lifetimes: SessionLifetimes }): SessionStrategy<Session> {
  // one sealer per lifetime: the cookie's Max-Age and the seal's own expiry; unsealing is the same for both
  const sealers = {
    staff: statelessSessions<Sealed>({ secret: options.secret, maxAge: Math.round(options.lifetimes.staffDays * DAY_SECONDS) }),
    resident: statelessSessions<Sealed>({ secret: options.secret, maxAge: Math.round(options.lifetimes.residentDays * DAY_SECONDS) }),
  }
  const unsealed = unsealedTokens<Partial<Sealed>>()
  const unseal = async (context: KeystoneContext<any>) => {
    const token = tokenOf(context.req as any)
    // Keystone unseals exactly the token the memo is keyed by (handed over as the only header it reads)
    const asked = { req: { headers: { authorization: `Bearer ${token}` } } } as unknown as KeystoneContext<any>
    const sealed = token ? await unsealed.get(token, async () => (await sealers.staff.get({ context: asked })) as Partial<Sealed> | undefined) : undefined
    return typeof sealed?.itemId === 'string' && typeof sealed.sessionId === 'string' ? (sealed as Sealed) : undefined
  }

  return {
    async get({ context }) {
      const sealed = await unseal(context)
      if (!sealed) return undefined
      // stamped before the read: an employment written meanwhile makes the carried rows stale, not current
      const version = currentEmploymentsVersion()
      const found = await sessionUser(context.prisma, sealed.itemId, sealed.sessionId)
      if (!found) return undefined
      const { employments, ...user } = found
      const data = { ...user, type: user.type as UserType, ...(employments ? { employments: { version, rows: employments } } : {}) }
      return { listKey: 'User', itemId: user.id, sessionId: sealed.sessionId, data }
    },

    /** `data.itemId` signs that user in (from @keystone-6/auth's password sign-in and the residents' phone sign-in). */
    async start({ context, data }) {
      // without a response there is nowhere to send the token (server code): no row either
      if (!context.res || !data?.itemId) return undefined
      const user = await context.prisma.user.findUnique({ where: { id: String(data.itemId) }, select: { id: true, type: true, isAdmin: true } })
      if (!user) return undefined
      const kind = user.type === 'resident' && !user.isAdmin ? 'resident' : 'staff'
      const days = kind === 'resident' ? options.lifetimes.residentDays : options.lifetimes.staffDays
      const userAgent = context.req?.headers['user-agent']
      const row = await context.prisma.userSession.create({
        data: {
          user: { connect: { id: user.id } },
          expiresAt: new Date(Date.now() + days * DAY_SECONDS * 1000),
          userAgent: typeof userAgent === 'string' ? userAgent.slice(0, USER_AGENT_MAX) : '',
        },
        select: { id: true },
      })
      return sealers[kind].start({ context, data: { listKey: 'User', itemId: user.id, sessionId: row.id } })
    },

    /** Ends the session of this request's token (this device only) and clears the cookie. */
    async end({ context }) {
      const sealed = await unseal(context)
      if (sealed) await context.prisma.userSession.deleteMany({ where: { id: sealed.sessionId } })
      await sealers.staff.end({ context })
    },
  }
}

/** SESSION_MAX_AGE_DAYS (staff), RESIDENT_SESSION_MAX_AGE_DAYS: positive numbers of days (0.5 = 12 hours). */
export function sessionLifetimesFromEnv(env: Readonly<Record<string, string | undefined>>): Partial<SessionLifetimes> {
  const lifetimes: Partial<SessionLifetimes> = {}
  const read = (name: string, key: keyof SessionLifetimes) => {
    const raw = env[name]?.trim()
    if (!raw) return
    const value = Number(raw)
    if (!(Number.isFinite(value) && value > 0 && value <= 3650)) throw new Error(`${name} must be a number of days above 0 (got "${env[name]}")`)
    lifetimes[key] = value
  }
  read('SESSION_MAX_AGE_DAYS', 'staffDays')
  read('RESIDENT_SESSION_MAX_AGE_DAYS', 'residentDays')
  return lifetimes
}
