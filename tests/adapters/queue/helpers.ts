// Shared by the queue runner tests: unique Redis prefixes, their cleanup, and small async helpers.
import { Redis } from 'ioredis'

export const REDIS_URL = process.env.REDIS_URL?.trim() || undefined

/** One prefix per test file run, so parallel files (and leftovers of a crashed run) never collide. */
export function testPrefix(name: string) {
  return `test-${name}-${process.pid}-${Date.now()}`
}

/** Deletes every key under the prefix (SCAN, never KEYS: the server may be shared). */
export async function deleteRedisPrefix(redisUrl: string, prefix: string) {
  const redis = new Redis(redisUrl)
  try {
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500)
      if (keys.length) await redis.del(...keys)
      cursor = next
    } while (cursor !== '0')
  } finally {
    redis.disconnect()
  }
}

export function deferred<T = void>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>(r => (resolve = r))
  return { promise, resolve }
}

export const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** Node timers may fire a millisecond early against Date.now(): lower bounds allow this much. */
export const SLACK_MS = 5
