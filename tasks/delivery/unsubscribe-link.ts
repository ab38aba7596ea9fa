// Signed, expiring unsubscribe links: base64url(payload).base64url(HMAC-SHA256(secret, payload)).
// Stateless: nothing is stored until the link is used; the expiry and the signature are all we trust.
import crypto from 'node:crypto'

export type UnsubscribeClaim = {
  /** The Message's recipientKey: 'user-<id>', 'phone-<E.164>' or 'email-<address>'. */
  recipientKey: string
  /** The message type to stop ('' = every type). */
  messageType: string
  /** The channel's preference key ('' = every channel; users only, an address is one channel anyway). */
  channel: string
  /** Unix time (seconds) after which the link is refused. */
  expiresAt: number
}

export class UnsubscribeLinkError extends Error {
  name = 'UnsubscribeLinkError'
  constructor(
    readonly reason: 'malformed' | 'signature' | 'expired',
    message: string
  ) {
    super(message)
  }
}

/** UNSUBSCRIBE_SECRET, or one derived from the session secret (so a leaked link key is not a session key). */
export function unsubscribeSecretFrom(env: NodeJS.ProcessEnv, sessionSecret: string): string {
  const explicit = env.UNSUBSCRIBE_SECRET?.trim()
  if (explicit) {
    if (explicit.length < 32) throw new Error('UNSUBSCRIBE_SECRET must be at least 32 characters long')
    return explicit
  }
  return crypto.createHmac('sha256', sessionSecret).update('notifications/unsubscribe-link/v1').digest('base64url')
}

const mac = (secret: string, payload: string) => crypto.createHmac('sha256', secret).update(payload).digest()

export function signUnsubscribeToken(secret: string, claim: UnsubscribeClaim): string {
  const payload = Buffer.from(
    JSON.stringify({ r: claim.recipientKey, t: claim.messageType, c: claim.channel, e: claim.expiresAt })
  ).toString('base64url')
  return `${payload}.${mac(secret, payload).toString('base64url')}`
}

export function verifyUnsubscribeToken(secret: string, token: string, now = Date.now()): UnsubscribeClaim {
  const [payload, signature, extra] = String(token ?? '').split('.')
  if (!payload || !signature || extra !== undefined) throw new UnsubscribeLinkError('malformed', 'The unsubscribe link is malformed')
  const expected = mac(secret, payload)
  const given = Buffer.from(signature, 'base64url')
  // constant time; lengths differ only for a forged signature, which may fail fast
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    throw new UnsubscribeLinkError('signature', 'The unsubscribe link is not valid')
  }
  let raw: any
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  } catch {
    throw new UnsubscribeLinkError('malformed', 'The unsubscribe link is malformed')
  }
  if (typeof raw?.r !== 'string' || typeof raw.t !== 'string' || typeof raw.c !== 'string' || typeof raw.e !== 'number') {
    throw new UnsubscribeLinkError('malformed', 'The unsubscribe link is malformed')
  }
  if (raw.e * 1000 < now) throw new UnsubscribeLinkError('expired', 'The unsubscribe link has expired')
  return { recipientKey: raw.r, messageType: raw.t, channel: raw.c, expiresAt: raw.e }
}

export function unsubscribeUrl(options: { secret: string; ttlMs: number; baseUrl: string }, claim: Omit<UnsubscribeClaim, 'expiresAt'>, now = Date.now()) {
  const token = signUnsubscribeToken(options.secret, { ...claim, expiresAt: Math.floor((now + options.ttlMs) / 1000) })
  return `${options.baseUrl.replace(/\/+$/, '')}/api/notifications/unsubscribe?token=${token}`
}
