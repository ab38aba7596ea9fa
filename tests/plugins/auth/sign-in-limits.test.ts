// The sign-in limits as the portal will use them (an object from the registry): counting, refunds, one
// check per request, account keys that hold no address, a store that is down, and the env variables.
// Over HTTP with the real mutation: tests/security/sign-in.test.ts.
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { Redis } from 'ioredis'
import { accountKey, createSignInLimits, signInLimitsFromEnv, type SignInLimits } from '../../../plugins/auth/sign-in-limits'
import { deleteRedisPrefix } from '../../harness/redis'

const REDIS_URL = process.env.REDIS_URL?.trim() || undefined

/** What a request's context offers the limits: its request object (and the client address on it). */
const request = (ip: string) => ({ req: { ip } }) as any

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error: any) {
    return error.extensions?.code ?? error.message
  }
  return 'allowed'
}

const fail = async () => ({ ok: false })
const pass = async () => ({ ok: true })
const succeeded = (result: { ok: boolean }) => result.ok

describe('in memory', () => {
  let limits: SignInLimits
  beforeEach(() => {
    limits = createSignInLimits({ perAccountPerHour: 2, perIpPerHour: 3 })
  })
  afterEach(() => limits.close())

  test('failures count per account whatever the case of the email; the check is not run once refused', async () => {
    let checks = 0
    const counted = async () => (checks++, { ok: false })
    expect(await codeOf(limits.attempt(request('10.0.0.1'), 'Ann@Example.com', counted, succeeded))).toBe('allowed')
    expect(await codeOf(limits.attempt(request('10.0.0.2'), ' ann@example.com ', counted, succeeded))).toBe('allowed')
    expect(await codeOf(limits.attempt(request('10.0.0.3'), 'ANN@EXAMPLE.COM', counted, succeeded))).toBe('TOO_MANY_REQUESTS')
    expect(checks).toBe(2)
  })

  test('a second attempt in one request is refused before any limit or check', async () => {
    const context = request('10.0.0.4')
    expect(await codeOf(limits.attempt(context, 'a@example.com', fail, succeeded))).toBe('allowed')
    expect(await codeOf(limits.attempt(context, 'b@example.com', pass, succeeded))).toBe('ONE_SIGN_IN_PER_REQUEST')
    // b's budget is untouched
    for (let i = 0; i < 2; i++) await limits.attempt(request('10.0.0.5'), 'b@example.com', fail, succeeded)
    expect(await codeOf(limits.attempt(request('10.0.0.6'), 'b@example.com', pass, succeeded))).toBe('TOO_MANY_REQUESTS')
  })

  test('server code without a request is limited by account, and may check several', async () => {
    const context = {} as any
    expect(await codeOf(limits.attempt(context, 'c@example.com', fail, succeeded))).toBe('allowed')
    expect(await codeOf(limits.attempt(context, 'd@example.com', fail, succeeded))).toBe('allowed')
    expect(await codeOf(limits.attempt(context, 'c@example.com', fail, succeeded))).toBe('allowed')
    expect(await codeOf(limits.attempt(context, 'c@example.com', fail, succeeded))).toBe('TOO_MANY_REQUESTS')
  })
})

test('an account key is the hashed normalized email', () => {
  expect(accountKey(' Ann@Example.COM ')).toBe(accountKey('ann@example.com'))
  expect(accountKey('ann@example.com')).not.toBe(accountKey('bob@example.com'))
  expect(accountKey('ann@example.com')).not.toMatch(/ann|example/)
})

test('when the counters cannot be read, sign-in is refused (SERVICE_UNAVAILABLE), never unlimited', async () => {
  const server = net.createServer(socket => socket.destroy())
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const limits = createSignInLimits({ perAccountPerHour: 5, perIpPerHour: 5 }, { redisUrl: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`, keyPrefix: 'down' })
  let checks = 0
  expect(await codeOf(limits.attempt(request('10.0.1.1'), 'e@example.com', async () => (checks++, { ok: true }), succeeded))).toBe('SERVICE_UNAVAILABLE')
  expect(checks).toBe(0)
  await limits.close()
  await new Promise(resolve => server.close(resolve))
})

;(REDIS_URL ? test : test.skip)('in Redis the counters hold no email address and are shared by processes', async () => {
  const keyPrefix = `test-sign-in-${process.pid}-${Date.now()}`
  const one = createSignInLimits({ perAccountPerHour: 2, perIpPerHour: 10 }, { redisUrl: REDIS_URL, keyPrefix })
  const other = createSignInLimits({ perAccountPerHour: 2, perIpPerHour: 10 }, { redisUrl: REDIS_URL, keyPrefix })
  const redis = new Redis(REDIS_URL!)
  try {
    await one.attempt(request('10.0.2.1'), 'fay@example.com', fail, succeeded)
    await other.attempt(request('10.0.2.2'), 'fay@example.com', fail, succeeded)
    expect(await codeOf(one.attempt(request('10.0.2.3'), 'fay@example.com', pass, succeeded))).toBe('TOO_MANY_REQUESTS')
    const keys = await redis.keys(`${keyPrefix}:*`)
    expect(keys).toContain(`${keyPrefix}:rl:sign-in-account:${accountKey('fay@example.com')}`)
    expect(keys.join(' ')).not.toMatch(/fay|example/)
  } finally {
    redis.disconnect()
    await Promise.all([one.close(), other.close()])
    await deleteRedisPrefix(REDIS_URL!, keyPrefix)
  }
})

test('SIGN_IN_PER_ACCOUNT_PER_HOUR and SIGN_IN_PER_IP_PER_HOUR: positive integers, unset keeps the default', () => {
  expect(signInLimitsFromEnv({})).toEqual({})
  expect(signInLimitsFromEnv({ SIGN_IN_PER_ACCOUNT_PER_HOUR: '5', SIGN_IN_PER_IP_PER_HOUR: ' 50 ' })).toEqual({ perAccountPerHour: 5, perIpPerHour: 50 })
  for (const bad of ['0', '-3', '2.5', 'lots']) {
    expect(() => signInLimitsFromEnv({ SIGN_IN_PER_IP_PER_HOUR: bad })).toThrow(/SIGN_IN_PER_IP_PER_HOUR must be a positive integer/)
  }
})
