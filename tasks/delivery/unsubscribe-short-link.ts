// Short unsubscribe links for channels where every character counts (SMS): PUBLIC_URL/u/<code>, the code
// 10 random base62 characters (~59 bits, from crypto: not guessable by sequence), the claim stored under
// the code's sha256 with the same expiry a signed link would have.
import crypto from 'node:crypto'
import { isUniqueViolation } from '../../adapters/database/unique-violation'
import type { UnsubscribeClaim } from './unsubscribe-link'

export const SHORT_UNSUBSCRIBE_PATH = '/u'
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const CODE_LENGTH = 10
const CODE_PATTERN = /^[0-9A-Za-z]{10}$/

/** Uniform base62: bytes >= 248 (4 * 62) are dropped so no character is more likely than another. */
export function randomShortCode(length = CODE_LENGTH): string {
  let code = ''
  while (code.length < length) {
    for (const byte of crypto.randomBytes(length * 2)) {
      if (byte < 248 && code.length < length) code += ALPHABET[byte % 62]
    }
  }
  return code
}

export const shortCodeHash = (code: string) => crypto.createHash('sha256').update(code).digest('hex')

export async function createShortUnsubscribeUrl(
  prisma: any,
  options: { ttlMs: number; baseUrl: string },
  claim: Omit<UnsubscribeClaim, 'expiresAt'>,
  now = Date.now()
): Promise<string> {
  const expiresAt = new Date(Math.floor((now + options.ttlMs) / 1000) * 1000)
  for (let attempt = 0; ; attempt++) {
    const code = randomShortCode()
    try {
      await prisma.unsubscribeShortLink.create({
        data: { codeHash: shortCodeHash(code), recipientKey: claim.recipientKey, messageType: claim.messageType, channel: claim.channel, expiresAt },
      })
      return `${options.baseUrl.replace(/\/+$/, '')}${SHORT_UNSUBSCRIBE_PATH}/${code}`
    } catch (error) {
      // a collision in 62^10 codes is all but impossible; retry a few times rather than fail a message
      if (!isUniqueViolation(error) || attempt >= 3) throw error
    }
  }
}

/** The claim behind a code; null for a malformed or unknown code, 'expired' after its expiry. */
export async function findShortLinkClaim(prisma: any, code: string, now = Date.now()): Promise<UnsubscribeClaim | 'expired' | null> {
  if (!CODE_PATTERN.test(code)) return null
  const row = await prisma.unsubscribeShortLink.findUnique({ where: { codeHash: shortCodeHash(code) } })
  if (!row) return null
  if (row.expiresAt.getTime() < now) return 'expired'
  return { recipientKey: row.recipientKey, messageType: row.messageType, channel: row.channel, expiresAt: Math.floor(row.expiresAt.getTime() / 1000) }
}

/** An expired link keeps saying so this long; then its row goes. */
export const SHORT_LINK_KEPT_AFTER_EXPIRY_MS = 7 * 24 * 60 * 60 * 1000

/** Deletes the links that expired more than a week ago; returns how many. */
export async function purgeExpiredShortLinks(prisma: any, now = Date.now()): Promise<number> {
  const { count } = await prisma.unsubscribeShortLink.deleteMany({ where: { expiresAt: { lt: new Date(now - SHORT_LINK_KEPT_AFTER_EXPIRY_MS) } } })
  return count
}
