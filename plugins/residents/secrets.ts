// Tokens and codes for phone verification. Both are stored only as hashes: the token (256 random
// bits) as SHA-256, the 6-digit code as an HMAC keyed by a server secret, because a million
// candidates would fall to an offline search of a plain hash.
import crypto from 'node:crypto'

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url')
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}

export function newCode(): string {
  return crypto.randomInt(0, 1_000_000).toString().padStart(6, '0')
}

/** Bound to the token, so a code hash is useless for any other verification. */
export function hashCode(secret: string, tokenHash: string, code: string): string {
  return crypto.createHmac('sha256', secret).update(`${tokenHash}:${code}`).digest('hex')
}

export function sameHash(a: string | null | undefined, b: string): boolean {
  if (!a || a.length !== b.length) return false
  return crypto.timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'))
}

/** A key for this purpose only, derived from the session secret unless one is given. */
export function deriveSecret(sessionSecret: string, purpose: string): string {
  return crypto.createHmac('sha256', sessionSecret).update(purpose).digest('hex')
}
