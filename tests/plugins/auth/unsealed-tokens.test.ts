// The memo of unsealed session tokens: a token that unseals is unsealed once per process until the expiry
// sealed in it; forged tokens are never kept; the memo is bounded. (That a revoked token stops working at
// once, memo or not, is tested over HTTP in tests/security/sessions.test.ts.)
import { tokenOf, unsealedTokens } from '../../../plugins/auth/unsealed-tokens'

const token = (expiry: number | '' = Date.now() + 60_000, data = 'data') => `Fe26.2**salt*iv*${data}*${expiry}*hmacsalt*hmac`

test('a token that unseals is unsealed once; the memo answers the same payload after that', async () => {
  const memo = unsealedTokens<{ itemId: string }>()
  const unseal = jest.fn(async () => ({ itemId: 'u1' }))
  const t = token()
  expect(await memo.get(t, unseal)).toEqual({ itemId: 'u1' })
  expect(await memo.get(t, unseal)).toEqual({ itemId: 'u1' })
  expect(unseal).toHaveBeenCalledTimes(1)
  // another token is its own question
  await memo.get(token(Date.now() + 60_000, 'other'), unseal)
  expect(unseal).toHaveBeenCalledTimes(2)
})

test('a token that does not unseal is asked every time and never kept', async () => {
  const memo = unsealedTokens()
  const unseal = jest.fn(async () => undefined)
  await memo.get(token(), unseal)
  await memo.get(token(), unseal)
  expect(unseal).toHaveBeenCalledTimes(2)
})

test('past the expiry sealed in the token, it is unsealed again (and Iron refuses it then); tokens without an expiry are never kept', async () => {
  const memo = unsealedTokens()
  const expiry = Date.now() + 1000
  const t = token(expiry)
  const unseal = jest.fn(async () => ({ itemId: 'u1' }))
  await memo.get(t, unseal)
  const now = jest.spyOn(Date, 'now').mockReturnValue(expiry)
  try {
    const refused = jest.fn(async () => undefined)
    expect(await memo.get(t, refused)).toBeUndefined()
    expect(refused).toHaveBeenCalledTimes(1)
  } finally {
    now.mockRestore()
  }
  const noExpiry = jest.fn(async () => ({ itemId: 'u2' }))
  await memo.get(token(''), noExpiry)
  await memo.get(token(''), noExpiry)
  expect(noExpiry).toHaveBeenCalledTimes(2)
})

test('bounded: past `max` tokens the oldest is forgotten', async () => {
  const memo = unsealedTokens(2)
  const unseal = jest.fn(async () => ({ itemId: 'u' }))
  const [a, b, c] = ['a', 'b', 'c'].map(d => token(Date.now() + 60_000, d))
  for (const t of [a, b, c]) await memo.get(t, unseal)
  await memo.get(c, unseal)
  await memo.get(b, unseal)
  expect(unseal).toHaveBeenCalledTimes(3)
  await memo.get(a, unseal)
  expect(unseal).toHaveBeenCalledTimes(4)
})

test('the token is read where Keystone reads it: the bearer header first, else the session cookie', () => {
  expect(tokenOf({ headers: { authorization: 'Bearer abc', cookie: 'keystonejs-session=def' } })).toBe('abc')
  expect(tokenOf({ headers: { cookie: 'theme=dark; keystonejs-session=Fe26.2**x; other=1' } })).toBe('Fe26.2**x')
  expect(tokenOf({ headers: { authorization: 'Basic abc' } })).toBeUndefined()
  expect(tokenOf(undefined)).toBeUndefined()
})
