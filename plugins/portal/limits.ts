// The portal's own rate limits (adapters/rate-limit: Redis when REDIS_URL is set, memory otherwise):
// resends per contact and invitation-link checks per client address. Password checks (sign-in, the
// profile's current password) count in the auth plugin's sign-in limits, shared with the Admin UI's
// sign-in (registry key `signInLimits`).
import { createRateLimitGroup, type RateLimit } from '../../adapters/rate-limit'
import { spendOrRefuse } from '../../schema/shared/rate-limited'
import type { PortalOptions } from './options'

const HOUR = 60 * 60
const DAY = 24 * HOUR
const UNAVAILABLE = 'The portal is temporarily unavailable; try again later'

export type PortalLimiters = {
  resend(contactId: string): Promise<void>
  inviteCheck(ip: string): Promise<void>
  close(): Promise<void>
}

const spend = (limit: RateLimit, key: string, limited: string) => spendOrRefuse(limit, key, { limited, unavailable: UNAVAILABLE })

export function createPortalLimiters(options: Pick<PortalOptions, 'limits' | 'limitStore'>): PortalLimiters {
  const group = createRateLimitGroup(options.limitStore)
  const { limits } = options
  const resends = group.limit('portal-resend-contact', limits.resendsPerContactPerDay, DAY)
  const checks = group.limit('portal-invite-ip', limits.inviteChecksPerIpPerHour, HOUR)
  return {
    resend: contactId => spend(resends, contactId, `This contact's invitation was resent ${limits.resendsPerContactPerDay} times today; try again tomorrow`),
    inviteCheck: ip => spend(checks, ip, 'Too many invitation links opened from this address; try again later'),
    close: () => group.close(),
  }
}
