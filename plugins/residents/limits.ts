// Daily limits on verification SMS (per phone, per client IP) and an hourly limit on code checks per IP,
// in Redis when REDIS_URL is set (shared by every API process), in memory otherwise (adapters/rate-limit).
import { createRateLimitGroup, type RateLimit } from '../../adapters/rate-limit'
import { spendOrRefuse } from '../../schema/shared/rate-limited'

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

const UNAVAILABLE = 'Verification is temporarily unavailable; try again later'
const consume = (limit: RateLimit, key: string, limited: string) => spendOrRefuse(limit, key, { limited, unavailable: UNAVAILABLE })
