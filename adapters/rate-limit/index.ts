// Named rate limits through rate-limiter-flexible: counters in Redis when a URL is given (shared by every
// API process), in memory otherwise (the embedded single process). Callers turn the two errors below into
// whatever their API speaks.
import Redis from 'ioredis'
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'

/** Where the counters live; Redis keys are `${keyPrefix}:rl:${name}:${key}`. */
export type RateLimitStore = { redisUrl?: string; keyPrefix?: string }

/** One limit: `points` calls per key per `durationSeconds`. */
export type RateLimit = {
  consume(key: string): Promise<void>
  /**
   * Gives back one point a `consume` of this key took (a call that turned out not to count, e.g. a successful
   * sign-in). Only after a consume: a refund in a window where nothing was spent is an extra point.
   */
  refund(key: string): Promise<void>
}

export type RateLimitGroup = {
  limit(name: string, points: number, durationSeconds: number): RateLimit
  close(): Promise<void>
}

/** The key spent its points; it may call again after `retryAfterSeconds`. */
export class RateLimitExceeded extends Error {
  name = 'RateLimitExceeded'
  constructor(
    readonly limit: string,
    readonly retryAfterSeconds: number
  ) {
    super(`rate limit "${limit}" exceeded; retry after ${retryAfterSeconds} s`)
  }
}

/** The counters could not be read (Redis down): callers should refuse rather than run unlimited. */
export class RateLimitStoreUnavailable extends Error {
  name = 'RateLimitStoreUnavailable'
  constructor(
    readonly limit: string,
    cause: unknown
  ) {
    super(`rate limit "${limit}" could not be checked: ${(cause as Error)?.message ?? cause}`, { cause })
  }
}

/** Limits sharing one store (one Redis client, opened by the first `consume`, closed by `close`). */
export function createRateLimitGroup(store: RateLimitStore = {}): RateLimitGroup {
  let redis: Redis | undefined
  const redisClient = (url: string) => {
    if (redis) return redis
    // commands wait for the first connection; when Redis is down they fail after one retry
    redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000 })
    // a failed connection surfaces through the commands (RateLimitStoreUnavailable), not as an unhandled event
    redis.on('error', () => {})
    return redis
  }

  return {
    limit(name, points, durationSeconds) {
      let limiter: RateLimiterAbstract | undefined
      // built on first use: importing the config (builds, migrations, workers) must not connect to Redis
      const build = (): RateLimiterAbstract =>
        store.redisUrl
          ? new RateLimiterRedis({ storeClient: redisClient(store.redisUrl), keyPrefix: `${store.keyPrefix ?? 'cms'}:rl:${name}`, points, duration: durationSeconds })
          : new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds })
      return {
        async consume(key) {
          limiter ??= build()
          try {
            await limiter.consume(key)
          } catch (rejection) {
            // rate-limiter-flexible rejects with a RateLimiterRes when limited, with an Error when the store fails
            if (rejection instanceof RateLimiterRes) throw new RateLimitExceeded(name, Math.ceil(rejection.msBeforeNext / 1000))
            throw new RateLimitStoreUnavailable(name, rejection)
          }
        },
        async refund(key) {
          limiter ??= build()
          try {
            await limiter.reward(key, 1)
          } catch (error) {
            throw new RateLimitStoreUnavailable(name, error)
          }
        },
      }
    },
    async close() {
      redis?.disconnect()
    },
  }
}
