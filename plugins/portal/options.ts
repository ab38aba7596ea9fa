// The portal's settings from the environment (README rows: PORTAL_*).
import { positiveIntegerFromEnv } from '../../adapters/env'
import type { RateLimitStore } from '../../adapters/rate-limit'

export type PortalLimits = {
  /** Resends of one contact's invitation per day (the first send of an invitation does not count). */
  resendsPerContactPerDay: number
  /** Opens and submits of invitation links per client address per hour. */
  inviteChecksPerIpPerHour: number
}

export type PortalOptions = {
  sessionSecret: string
  /** Origin the links in emails point to (PUBLIC_URL). */
  publicUrl: string
  invitationTtlHours: number
  passwordMinLength: number
  limits: PortalLimits
  limitStore: RateLimitStore
  now?: () => Date
}

export const DEFAULT_PORTAL_LIMITS: PortalLimits = {
  resendsPerContactPerDay: 3,
  inviteChecksPerIpPerHour: 60,
}

/** Bcrypt reads at most 72 bytes; Keystone's password field refuses fewer than 8 characters. */
export const PASSWORD_MAX_BYTES = 72
const PASSWORD_MIN_FLOOR = 8

export function portalOptionsFromEnv(env: NodeJS.ProcessEnv, sessionSecret: string, limitStore: RateLimitStore): PortalOptions {
  const passwordMinLength = positiveIntegerFromEnv(env, 'PORTAL_PASSWORD_MIN_LENGTH', 10)
  if (passwordMinLength < PASSWORD_MIN_FLOOR || passwordMinLength > PASSWORD_MAX_BYTES) {
    throw new Error(`PORTAL_PASSWORD_MIN_LENGTH must be between ${PASSWORD_MIN_FLOOR} and ${PASSWORD_MAX_BYTES} (got ${passwordMinLength})`)
  }
  return {
    sessionSecret,
    publicUrl: (env.PUBLIC_URL?.trim() || `http://localhost:${env.PORT?.trim() || 3000}`).replace(/\/+$/, ''),
    invitationTtlHours: positiveIntegerFromEnv(env, 'PORTAL_INVITATION_TTL_HOURS', 168),
    passwordMinLength,
    limits: {
      resendsPerContactPerDay: positiveIntegerFromEnv(env, 'PORTAL_INVITATION_RESENDS_PER_DAY', DEFAULT_PORTAL_LIMITS.resendsPerContactPerDay),
      inviteChecksPerIpPerHour: positiveIntegerFromEnv(env, 'PORTAL_INVITE_CHECKS_PER_IP_PER_HOUR', DEFAULT_PORTAL_LIMITS.inviteChecksPerIpPerHour),
    },
    limitStore,
  }
}
