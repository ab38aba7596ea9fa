// Unsealed session tokens, remembered per token. Unsealing (Iron: two key derivations, an HMAC and a
// decryption; the derivations go through the thread pool) ran on every request of a signed-in client; a token
// is an immutable string, so the same token unseals to the same payload until it expires. Only tokens
// that unsealed are kept (a forged token costs its unseal every time and takes no room), at most `max`,
// and each only until the expiry sealed inside it. Revocation is not cached: the session row is still
// read on every request (sessions.ts).
import { BoundedMap } from '../../schema/shared/bounded-map'

type Entry<T> = { payload: T; expiresAt: number }

const COOKIE = /(?:^|;\s*)keystonejs-session=([^;]*)/

/** The request's token, where Keystone's statelessSessions reads it: `Authorization: Bearer`, else the cookie. */
export function tokenOf(req: { headers: Record<string, string | string[] | undefined> } | undefined): string | undefined {
  const authorization = req?.headers.authorization
  if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) return authorization.slice('Bearer '.length)
  const cookie = req?.headers.cookie
  const match = typeof cookie === 'string' ? COOKIE.exec(cookie) : null
  return match ? decodeURIComponent(match[1]) : undefined
}

/** The expiry (ms since epoch) an Iron token carries in clear and under its HMAC: Fe26.2*id*salt*iv*data*expiry*hmacSalt*hmac. */
function sealedExpiry(token: string): number | undefined {
  const parts = token.split('*')
  const expiry = parts.length === 8 && parts[0] === 'Fe26.2' ? Number(parts[5]) : NaN
  return Number.isFinite(expiry) && expiry > 0 ? expiry : undefined
}

export function unsealedTokens<T>(max = 10_000) {
  const entries = new BoundedMap<string, Entry<T>>(max)
  return {
    async get(token: string | undefined, unseal: () => Promise<T | undefined>): Promise<T | undefined> {
      if (!token) return unseal()
      const hit = entries.get(token)
      if (hit && Date.now() < hit.expiresAt) return hit.payload
      if (hit) entries.delete(token)
      const payload = await unseal()
      const expiresAt = sealedExpiry(token)
      // tokens without an expiry are unsealed every time (ours always carry one)
      if (payload !== undefined && expiresAt !== undefined && Date.now() < expiresAt) {
        entries.set(token, { payload, expiresAt })
      }
      return payload
    },
  }
}
