// Daily limits on verification SMS (per phone, per client IP) and an hourly limit on code checks per IP,
// through rate-limiter-flexible: in Redis when REDIS_URL is set (shared by every API process),
// in memory otherwise (the embedded single process).
import Redis from 'ioredis'
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import { typedError } from '../../schema/shared/errors'

export type LimitOptions = { smsPerPhonePerDay: number; smsPerIpPerDay: number; checksPerIpPerHour: number }

export type Limits = {
  consumeSms(phone: string, ip: string): Promise<void>
  consumeCheck(ip: string): Promise<void>
  close(): Promise<void>
}

export function createLimits(options: LimitOptions, redisUrl?: string, keyPrefix = 'cms'): Limits {
  let redis: Redis | undefined
  const make = (name: string, points: number, duration: number): RateLimiterAbstract => {
    if (!redisUrl) return new RateLimiterMemory({ keyPrefix: name, points, duration })
    redis ??= new Redis(redisUrl, { enableOfflineQueue: false, lazyConnect: false, maxRetriesPerRequest: 1 })
    return new RateLimiterRedis({ storeClient: redis, keyPrefix: `${keyPrefix}:rl:${name}`, points, duration })
  }
  const DAY = 24 * 60 * 60
  const perPhone = make('sms-phone', options.smsPerPhonePerDay, DAY)
  const perIp = make('sms-ip', options.smsPerIpPerDay, DAY)
  const checks = make('check-ip', options.checksPerIpPerHour, 60 * 60)

  return {
    async consumeSms(phone, ip) {
      await consume(perPhone, phone, 'Too many verification codes for this phone today')
      await consume(perIp, ip, 'Too many verification codes from this address today')
    },
    consumeCheck: ip => consume(checks, ip, 'Too many code checks from this address; try again later'),
    async close() {
      redis?.disconnect()
    },
  }
}

async function consume(limiter: RateLimiterAbstract, key: string, message: string) {
  try {
    await limiter.consume(key)
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      const retryAfter = Math.ceil(rejection.msBeforeNext / 1000)
      throw typedError('TOO_MANY_REQUESTS', message, { retryAfter })
    }
    // the limiter's store is down: refuse rather than send unlimited SMS
    throw typedError('SERVICE_UNAVAILABLE', 'Verification is temporarily unavailable; try again later')
  }
}
