// Signed download links: /api/files/<id>?exp=<unix seconds>&sig=<HMAC-SHA256(id, user, exp)>. A link
// works for the user it was made for (the route compares it with the signed-in session), until it expires.
import crypto from 'node:crypto'

export const FILES_ROUTE = '/api/files'

export type LinkOptions = { secret: Buffer; ttlMinutes: number }

function signature(secret: Buffer, fileId: string, userId: string, expires: number) {
  return crypto.createHmac('sha256', secret).update(`file-link\0${fileId}\0${userId}\0${expires}`).digest('base64url')
}

/** A link to the file for this user, valid `ttlMinutes` from `now`. */
export function signedFilePath(options: LinkOptions, fileId: string, userId: string, now = Date.now()) {
  const expires = Math.floor(now / 1000) + options.ttlMinutes * 60
  return `${FILES_ROUTE}/${encodeURIComponent(fileId)}?exp=${expires}&sig=${signature(options.secret, fileId, userId, expires)}`
}

/** Whether `sig` is this user's unexpired signature of the file; compared in constant time. */
export function verifyFileLink(options: LinkOptions, fileId: string, userId: string, exp: unknown, sig: unknown, now = Date.now()): boolean {
  if (typeof exp !== 'string' || !/^\d{1,12}$/.test(exp) || typeof sig !== 'string') return false
  const expires = Number(exp)
  if (expires * 1000 <= now) return false
  const expected = Buffer.from(signature(options.secret, fileId, userId, expires))
  const given = Buffer.from(sig)
  return given.length === expected.length && crypto.timingSafeEqual(given, expected)
}
