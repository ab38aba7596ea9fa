// The portal's rate limits (adapters/rate-limit: Redis when REDIS_URL is set, memory otherwise): resends
// per contact, invitation-link checks per client address, and password checks. The password-check limiter
// has the shape of the shared sign-in limits the auth plugin is getting (`attempt(context, account, check,
// succeeded)`), so the portal can take that one from the registry once it exists.
import type { KeystoneContext } from '@keystone-6/core/types'
import { clientIp } from '../../adapters/http/client-ip'
import { createRateLimitGroup, type RateLimit } from '../../adapters/rate-limit'
import { spendOrRefuse } from '../../schema/shared/rate-limited'
import type { PortalOptions } from './options'

const HOUR = 60 * 60
const DAY = 24 * HOUR
const UNAVAILABLE = 'The portal is temporarily unavailable; try again later'

/**
 * Runs `check` (one password check for `account`) within the limits, per client address and per account:
 * a spent limit is TOO_MANY_REQUESTS (retryAfter), a store that is down SERVICE_UNAVAILABLE, before any
 * password is checked and whether the account exists or not.
 */
export type SigninLimiter = {
  attempt<T>(context: KeystoneContext<any>, account: string, check: () => Promise<T>, succeeded: (result: T) => boolean): Promise<T>
}

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
      async attempt(context, account, check) {
        await spend(signinIp, clientIp(context), 'Too many sign-in attempts from this address; try again later')
        await spend(signinEmail, account.trim().toLowerCase(), 'Too many sign-in attempts for this email address; try again later')
        return check()
      },
    },
    close: () => group.close(),
  }
}
