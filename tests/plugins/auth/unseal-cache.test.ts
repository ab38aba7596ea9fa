// The unsealed-token cache: one unseal per token and minute, bounded, and nothing remembered past its time.
// (That a revoked session is refused at once with the same token, cache or not, is tests/security/sessions.test.ts.)
import { tokenKey, UnsealCache } from '../../../plugins/auth/unseal-cache'

test('a token is unsealed once per minute; another token is its own entry', async () => {
  let now = 0
  const cache = new UnsealCache<string>(10, 60_000, () => now)
  let calls = 0
  const unseal = (value: string | undefined) => async () => (calls++, value)
  expect(await cache.get('Bearer a', unseal('user-a'))).toBe('user-a')
  expect(await cache.get('Bearer a', unseal('other'))).toBe('user-a')
  expect(await cache.get('Bearer b', unseal(undefined))).toBeUndefined() // a bad token is remembered as bad
  expect(await cache.get('Bearer b', unseal('forged'))).toBeUndefined()
  expect(calls).toBe(2)
  now = 60_000
  expect(await cache.get('Bearer a', unseal('user-a again'))).toBe('user-a again')
  expect(calls).toBe(3)
})

test('the oldest entry goes first when the cache is full', async () => {
  const cache = new UnsealCache<number>(2, 60_000, () => 0)
  let calls = 0
  const unseal = (n: number) => async () => (calls++, n)
  await cache.get('1', unseal(1))
  await cache.get('2', unseal(2))
  await cache.get('3', unseal(3)) // drops '1'
  expect(await cache.get('2', unseal(-2))).toBe(2)
  expect(await cache.get('1', unseal(-1))).toBe(-1)
  expect(calls).toBe(4)
})

test('the key is what Keystone reads the token from: the bearer header, else the cookie header', () => {
  expect(tokenKey({ headers: { authorization: 'Bearer x.y', cookie: 'keystonejs-session=z' } })).toBe('Bearer x.y')
  expect(tokenKey({ headers: { authorization: 'Basic abc', cookie: 'keystonejs-session=z' } })).toBe('cookie:keystonejs-session=z')
  expect(tokenKey({ headers: {} })).toBeUndefined()
  expect(tokenKey(undefined)).toBeUndefined()
})
