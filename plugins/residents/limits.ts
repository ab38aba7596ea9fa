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
  let limiters: Record<'perPhone' | 'perIp' | 'checks', RateLimiterAbstract> | undefined
  // built on first use: importing the config (builds, migrations, workers) must not connect to Redis
  const get = () => {
    if (limiters) return limiters
    const make = (name: string, points: number, duration: number): RateLimiterAbstract => {
      if (!redisUrl) return new RateLimiterMemory({ keyPrefix: name, points, duration })
      // commands wait for the first connection; when Redis is down they fail after one retry (SERVICE_UNAVAILABLE)
      redis ??= new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000 })
      return new RateLimiterRedis({ storeClient: redis, keyPrefix: `${keyPrefix}:rl:${name}`, points, duration })
    }
    const DAY = 24 * 60 * 60
    limiters = {
      perPhone: make('sms-phone', options.smsPerPhonePerDay, DAY),
      perIp: make('sms-ip', options.smsPerIpPerDay, DAY),
      checks: make('check-ip', options.checksPerIpPerHour, 60 * 60),
    }
    return limiters
  }

  return {
    async consumeSms(phone, ip) {
      await consume(get().perPhone, phone, 'Too many verification codes for this phone today')
      await consume(get().perIp, ip, 'Too many verification codes from this address today')
    },
    consumeCheck: ip => consume(get().checks, ip, 'Too many code checks from this address; try again later'),
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
