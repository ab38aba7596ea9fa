// Invitation tokens: 256 random bits, sent only in the email; the database keeps an HMAC keyed by a
// secret derived from SESSION_SECRET, so a leaked table opens nothing (and rotating the secret voids
// every pending invitation).
import crypto from 'node:crypto'

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/

export function newInvitationToken(): string {
  return crypto.randomBytes(32).toString('base64url')
}

/** A token of the right shape (43 base64url characters); anything else is unknown without a lookup. */
export function isTokenShaped(token: unknown): token is string {
  return typeof token === 'string' && TOKEN_SHAPE.test(token)
}

/** A key for one purpose ('portal-invitation-token', 'portal-csrf'), derived from the session secret. */
export function derivePortalKey(sessionSecret: string, purpose: string): string {
  return crypto.createHmac('sha256', sessionSecret).update(purpose).digest('hex')
}

export function hashInvitationToken(key: string, token: string): string {
  return crypto.createHmac('sha256', key).update(token).digest('hex')
}
