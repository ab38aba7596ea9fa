// The portal's rate limits (adapters/rate-limit: Redis when REDIS_URL is set, memory otherwise): resends
// per contact, invitation-link checks per client address, and the sign-in limiter. The sign-in limiter is
// one small interface so the shared staff/resident sign-in limiter (branch `auth`) can replace it.
import { createRateLimitGroup, type RateLimit } from '../../adapters/rate-limit'
import { spendOrRefuse } from '../../schema/shared/rate-limited'
import type { PortalOptions } from './options'

const HOUR = 60 * 60
const DAY = 24 * HOUR
const UNAVAILABLE = 'The portal is temporarily unavailable; try again later'

/** Spends one sign-in attempt; throws TOO_MANY_REQUESTS (retryAfter) or SERVICE_UNAVAILABLE. */
export type SigninLimiter = { attempt(input: { ip: string; email: string }): Promise<void> }

export type PortalLimiters = {
  resend(contactId: string): Promise<void>
  inviteCheck(ip: string): Promise<void>
  signin: SigninLimiter
  close(): Promise<void>
}

const spend = (limit: RateLimit, key: string, limited: string) => spendOrRefuse(limit, key, { limited, unavailable: UNAVAILABLE })

export function createPortalLimiters(options: Pick<PortalOptions, 'limits' | 'limitStore'>): PortalLimiters {
  const group = createRateLimitGroup(options.limitStore)
  const { limits } = options
  const resends = group.limit('portal-resend-contact', limits.resendsPerContactPerDay, DAY)
  const checks = group.limit('portal-invite-ip', limits.inviteChecksPerIpPerHour, HOUR)
  const signinIp = group.limit('portal-signin-ip', limits.signinPerIpPerHour, HOUR)
  const signinEmail = group.limit('portal-signin-email', limits.signinPerEmailPerHour, HOUR)
  return {
    resend: contactId => spend(resends, contactId, `This contact's invitation was resent ${limits.resendsPerContactPerDay} times today; try again tomorrow`),
    inviteCheck: ip => spend(checks, ip, 'Too many invitation links opened from this address; try again later'),
    signin: {
      async attempt({ ip, email }) {
        await spend(signinIp, ip, 'Too many sign-in attempts from this address; try again later')
        await spend(signinEmail, email, 'Too many sign-in attempts for this account; try again later')
      },
    },
    close: () => group.close(),
  }
}
