// The rate-limit group: points per key and window, the two errors, lazy Redis connections; the Redis store
// (shared by processes) only when REDIS_URL is set, under a prefix of its own that is deleted afterwards.
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { Redis } from 'ioredis'
import { createRateLimitGroup, RateLimitExceeded, RateLimitStoreUnavailable, type RateLimitGroup } from '../../../adapters/rate-limit'
import { deleteRedisPrefix, REDIS_URL, testPrefix } from '../queue/helpers'

const HOUR = 60 * 60

async function refusal(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the call to be refused')
}

describe('memory store', () => {
  let group: RateLimitGroup
  beforeEach(() => {
    group = createRateLimitGroup()
  })
  afterEach(() => group.close())

  test('a key gets its points per window, then RateLimitExceeded with the seconds to wait', async () => {
    const limit = group.limit('calls', 2, HOUR)
    await limit.consume('a')
    await limit.consume('a')
    const error = await refusal(limit.consume('a'))
    expect(error).toBeInstanceOf(RateLimitExceeded)
    expect(error).toMatchObject({ limit: 'calls' })
    expect((error as RateLimitExceeded).retryAfterSeconds).toBeGreaterThan(HOUR - 5)
    expect((error as RateLimitExceeded).retryAfterSeconds).toBeLessThanOrEqual(HOUR)
  })

  test('a refunded point can be spent again, by that key only', async () => {
    const limit = group.limit('refunds', 2, HOUR)
    await limit.consume('a')
    await limit.consume('a')
    await limit.refund('a')
    await limit.consume('a')
    await expect(limit.consume('a')).rejects.toBeInstanceOf(RateLimitExceeded)
    await limit.consume('b')
    await limit.consume('b')
    await expect(limit.consume('b')).rejects.toBeInstanceOf(RateLimitExceeded)
  })

  test('keys and limits count separately', async () => {
    const first = group.limit('first', 1, HOUR)
    const second = group.limit('second', 1, HOUR)
    await first.consume('a')
    await first.consume('b')
    await second.consume('a')
    await expect(first.consume('a')).rejects.toBeInstanceOf(RateLimitExceeded)
    await expect(second.consume('a')).rejects.toBeInstanceOf(RateLimitExceeded)
  })
})

describe('Redis store, connections', () => {
  test('defining limits opens no connection; when Redis fails, consume is RateLimitStoreUnavailable, not a pass', async () => {
    let connections = 0
    // a "Redis" that hangs up at once
    const server = net.createServer(socket => {
      connections++
      socket.destroy()
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const group = createRateLimitGroup({ redisUrl: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`, keyPrefix: 'down' })
    const limit = group.limit('calls', 5, HOUR)
    await new Promise(resolve => setTimeout(resolve, 100))
    expect(connections).toBe(0)

    const error = await refusal(limit.consume('a'))
    expect(error).toBeInstanceOf(RateLimitStoreUnavailable)
    expect(error).toMatchObject({ limit: 'calls' })
    expect(connections).toBeGreaterThan(0)
    await group.close()
    await new Promise(resolve => server.close(resolve))
  })
})

;(REDIS_URL ? describe : describe.skip)('Redis store', () => {
  const keyPrefix = testPrefix('rate-limit')
  const groups: RateLimitGroup[] = []
  const newGroup = () => {
    const group = createRateLimitGroup({ redisUrl: REDIS_URL, keyPrefix })
    groups.push(group)
    return group
  }
  afterAll(async () => {
    for (const group of groups) await group.close()
    await deleteRedisPrefix(REDIS_URL!, keyPrefix)
  })

  test('two groups (two API processes) share the counters, kept under <prefix>:rl:<name>', async () => {
    const one = newGroup().limit('calls', 2, HOUR)
    const other = newGroup().limit('calls', 2, HOUR)
    await one.consume('device-1')
    await other.consume('device-1')
    const error = await refusal(one.consume('device-1'))
    expect(error).toBeInstanceOf(RateLimitExceeded)
    expect((error as RateLimitExceeded).retryAfterSeconds).toBeGreaterThan(HOUR - 5)
    await other.consume('device-2')

    const redis = new Redis(REDIS_URL!)
    try {
      const ttl = await redis.pttl(`${keyPrefix}:rl:calls:device-1`)
      expect(ttl).toBeGreaterThan(0) // the counters expire with their window
    } finally {
      redis.disconnect()
    }
  })

  test('a refund in one process gives the point back to all of them', async () => {
    const one = newGroup().limit('refunds', 2, HOUR)
    const other = newGroup().limit('refunds', 2, HOUR)
    await one.consume('account')
    await other.consume('account')
    await one.refund('account')
    await other.consume('account')
    await expect(one.consume('account')).rejects.toBeInstanceOf(RateLimitExceeded)
  })
})
