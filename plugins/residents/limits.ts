// Daily limits on verification SMS (per phone, per client IP) and an hourly limit on code checks per IP,
// in Redis when REDIS_URL is set (shared by every API process), in memory otherwise (adapters/rate-limit).
import { createRateLimitGroup, RateLimitExceeded, RateLimitStoreUnavailable, type RateLimit } from '../../adapters/rate-limit'
import { typedError } from '../../schema/shared/errors'

export type LimitOptions = { smsPerPhonePerDay: number; smsPerIpPerDay: number; checksPerIpPerHour: number }

export type Limits = {
  consumeSms(phone: string, ip: string): Promise<void>
  consumeCheck(ip: string): Promise<void>
  close(): Promise<void>
}

const HOUR = 60 * 60
const DAY = 24 * HOUR

export function createLimits(options: LimitOptions, redisUrl?: string, keyPrefix = 'cms'): Limits {
  const group = createRateLimitGroup({ redisUrl, keyPrefix })
  const perPhone = group.limit('sms-phone', options.smsPerPhonePerDay, DAY)
  const perIp = group.limit('sms-ip', options.smsPerIpPerDay, DAY)
  const checks = group.limit('check-ip', options.checksPerIpPerHour, HOUR)
  return {
    async consumeSms(phone, ip) {
      await consume(perPhone, phone, 'Too many verification codes for this phone today')
      await consume(perIp, ip, 'Too many verification codes from this address today')
    },
    consumeCheck: ip => consume(checks, ip, 'Too many code checks from this address; try again later'),
    close: () => group.close(),
  }
}

async function consume(limit: RateLimit, key: string, message: string) {
  try {
    await limit.consume(key)
  } catch (error) {
    if (error instanceof RateLimitExceeded) throw typedError('TOO_MANY_REQUESTS', message, { retryAfter: error.retryAfterSeconds })
    // the limiter's store is down: refuse rather than send unlimited SMS
    if (error instanceof RateLimitStoreUnavailable) throw typedError('SERVICE_UNAVAILABLE', 'Verification is temporarily unavailable; try again later')
    throw error
  }
}
