// Linking a user to their Telegram chat: a one-time token in a t.me deep link (stored hashed, expiring,
// single use), consumed by the bot's webhook on /start <token>; /stop and a blocked bot unlink.
import crypto from 'node:crypto'

const hash = (token: string) => crypto.createHash('sha256').update(token, 'utf8').digest('hex')

/** Telegram's start parameter allows 1-64 of [A-Za-z0-9_-]: 32 random bytes in base64url are 43. */
export const START_TOKEN_SHAPE = /^[A-Za-z0-9_-]{1,64}$/

export async function createLinkToken(prisma: any, userId: string, ttlMs: number): Promise<{ token: string; expiresAt: Date }> {
  const token = crypto.randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + ttlMs)
  // older unused tokens of the user stay valid until they expire; spent and expired ones are swept here
  await prisma.telegramLinkToken.deleteMany({ where: { OR: [{ expiresAt: { lt: new Date() } }, { usedAt: { not: null } }] } })
  await prisma.telegramLinkToken.create({ data: { tokenHash: hash(token), userId, expiresAt } })
  return { token, expiresAt }
}

export type LinkOutcome = { linked: true; userId: string } | { linked: false; reason: 'invalid' | 'expired' }

/** Spends the token (exactly once, even under concurrent updates) and links the chat to its user. */
export async function linkChat(prisma: any, token: string, chatId: string): Promise<LinkOutcome> {
  if (!START_TOKEN_SHAPE.test(token)) return { linked: false, reason: 'invalid' }
  const tokenHash = hash(token)
  const row = await prisma.telegramLinkToken.findUnique({ where: { tokenHash }, select: { id: true, userId: true, expiresAt: true, usedAt: true } })
  if (!row || row.usedAt || !row.userId) return { linked: false, reason: 'invalid' }
  if (row.expiresAt.getTime() < Date.now()) return { linked: false, reason: 'expired' }
  return prisma.$transaction(async (tx: any) => {
    const spent = await tx.telegramLinkToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } })
    if (spent.count !== 1) return { linked: false, reason: 'invalid' } as const
    // unique both ways: the chat leaves any other user, the user leaves any other chat
    await tx.telegramUserChat.deleteMany({ where: { OR: [{ chatId }, { userId: row.userId }] } })
    await tx.telegramUserChat.create({ data: { chatId, userId: row.userId } })
    return { linked: true, userId: row.userId } as const
  })
}

export async function unlinkChat(prisma: any, chatId: string): Promise<boolean> {
  const { count } = await prisma.telegramUserChat.deleteMany({ where: { chatId } })
  return count > 0
}
