// Test runs share one Redis: whatever a test writes under its own prefix, it removes when it closes.
import { Redis } from 'ioredis'

/**
 * Deletes every key under `prefix:` (SCAN, never KEYS: the server is shared). An unreachable Redis (a test
 * of a dead queue) has nothing to clean: the attempt gives up after one try instead of reconnecting.
 */
export async function deleteRedisPrefix(redisUrl: string, prefix: string) {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null, lazyConnect: true })
  redis.on('error', () => {})
  try {
    await redis.connect()
  } catch {
    return
  }
  try {
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500)
      if (keys.length) await redis.unlink(...keys)
      cursor = next
    } while (cursor !== '0')
  } finally {
    redis.disconnect()
  }
}
