// Unsubscribe tokens: HMAC-signed, expiring, rejected when tampered with.
import { signUnsubscribeToken, unsubscribeSecretFrom, unsubscribeUrl, verifyUnsubscribeToken } from '../../../tasks/delivery/unsubscribe-link'

const secret = unsubscribeSecretFrom({}, 'session-secret-0123456789abcdefghijklmnop')
const claim = { recipientKey: 'phone-+14155552671', messageType: 'BILL_READY', channel: 'sms' }
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600

test('a valid token yields its claim', () => {
  const token = signUnsubscribeToken(secret, { ...claim, expiresAt: inAnHour() })
  expect(verifyUnsubscribeToken(secret, token)).toMatchObject(claim)
})

test('an expired token is refused as expired', () => {
  const token = signUnsubscribeToken(secret, { ...claim, expiresAt: Math.floor(Date.now() / 1000) - 1 })
  expect(() => verifyUnsubscribeToken(secret, token)).toThrow(expect.objectContaining({ reason: 'expired' }))
})

test('a tampered payload, a tampered signature, another secret or garbage are refused', () => {
  const token = signUnsubscribeToken(secret, { ...claim, expiresAt: inAnHour() })
  const [payload, signature] = token.split('.')
  const forged = Buffer.from(JSON.stringify({ r: 'user-someone-else', t: '', c: '', e: inAnHour() })).toString('base64url')
  expect(() => verifyUnsubscribeToken(secret, `${forged}.${signature}`)).toThrow(expect.objectContaining({ reason: 'signature' }))
  expect(() => verifyUnsubscribeToken(secret, `${payload}.${signature.slice(0, -2)}AA`)).toThrow(expect.objectContaining({ reason: 'signature' }))
  expect(() => verifyUnsubscribeToken(unsubscribeSecretFrom({}, 'another-session-secret-0123456789abcdef'), token)).toThrow(
    expect.objectContaining({ reason: 'signature' })
  )
  for (const garbage of ['', 'abc', 'a.b.c', `${payload}.`]) {
    expect(() => verifyUnsubscribeToken(secret, garbage)).toThrow(expect.objectContaining({ reason: expect.stringMatching(/malformed|signature/) }))
  }
})

test('UNSUBSCRIBE_SECRET wins over the derived secret, and must be long enough', () => {
  expect(unsubscribeSecretFrom({ UNSUBSCRIBE_SECRET: 'x'.repeat(32) }, 'ignored')).toBe('x'.repeat(32))
  expect(() => unsubscribeSecretFrom({ UNSUBSCRIBE_SECRET: 'short' }, 'ignored')).toThrow(/at least 32/)
  // derived, not the session secret itself
  expect(unsubscribeSecretFrom({}, 'session-secret-0123456789abcdefghijklmnop')).not.toContain('session-secret')
})

test('the URL carries the token under PUBLIC_URL', () => {
  const url = unsubscribeUrl({ secret, ttlMs: 60_000, baseUrl: 'https://cms.example.com/' }, claim)
  expect(url).toMatch(/^https:\/\/cms\.example\.com\/api\/notifications\/unsubscribe\?token=[\w-]+\.[\w-]+$/)
  expect(verifyUnsubscribeToken(secret, new URL(url).searchParams.get('token')!)).toMatchObject(claim)
})
