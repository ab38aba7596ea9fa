// The rules a message passes before any channel is tried: blacklists, preferences, throttle.
// Reads through Prisma: these run once per delivery, on the hot path.
import type { MessageTypeDefinition } from './contracts'

type Prisma = any
export type MessageRow = {
  id: string
  type: string
  userId: string | null
  phone: string | null
  email: string | null
  organizationId: string | null
  recipientKey: string
  createdAt: Date | null
}

/** Statuses that mean the recipient got (or is about to get) the message: the ones a throttle counts. */
const COUNTS_FOR_THROTTLE = ['sending', 'processing', 'sent', 'delivered', 'read']

export async function organizationBlacklisted(prisma: Prisma, message: MessageRow): Promise<string | null> {
  if (!message.organizationId) return null
  const entry = await prisma.messageOrganizationBlackList.findFirst({
    where: { organizationId: message.organizationId, messageType: { in: [message.type, ''] } },
    select: { reason: true, messageType: true },
  })
  return entry ? `organization blacklist (${entry.messageType || 'every type'}): ${entry.reason}` : null
}

export async function recipientBlacklisted(prisma: Prisma, message: MessageRow): Promise<string | null> {
  const who = [
    message.userId ? { userId: message.userId } : null,
    message.phone ? { phone: message.phone } : null,
    message.email ? { email: message.email } : null,
  ].filter(Boolean)
  if (!who.length) return null
  const entry = await prisma.messageUserBlackList.findFirst({
    where: { OR: who, messageType: { in: [message.type, ''] } },
    select: { reason: true, messageType: true },
  })
  return entry ? `recipient blacklist (${entry.messageType || 'every type'}): ${entry.reason}` : null
}

export type Preferences = {
  /** Whether the recipient accepts this message on the channel with this preference key. */
  allows(preferenceKey: string): boolean
  /** The recipient's preferred channel order, when set. */
  channelOrder?: string[]
}

const EVERYTHING: Preferences = { allows: () => true }

/**
 * Users: the most specific row wins — the user's rows before the global defaults (no user), and within
 * each: (type, channel) > (type, every channel) > (every type, channel) > (every type, every channel).
 * No row at all: enabled (opt-out, not opt-in). People without an account: an anonymous setting for the
 * address (this type or every type) turns everything off.
 */
export async function preferencesFor(prisma: Prisma, message: MessageRow): Promise<Preferences> {
  if (!message.userId) {
    const keys = [message.type, ''].map(type => `${message.recipientKey}|${type || '*'}`)
    const off = await prisma.notificationAnonymousSetting.count({ where: { settingKey: { in: keys }, isEnabled: false } })
    return off ? { allows: () => false } : EVERYTHING
  }
  const rows: { userId: string | null; messageType: string; channel: string; isEnabled: boolean; channelOrder: string }[] =
    await prisma.notificationUserSetting.findMany({
      where: { OR: [{ userId: message.userId }, { userId: null }], messageType: { in: [message.type, ''] } },
      select: { userId: true, messageType: true, channel: true, isEnabled: true, channelOrder: true },
    })
  if (!rows.length) return EVERYTHING
  const rank = (row: (typeof rows)[number]) => (row.userId ? 0 : 4) + (row.messageType ? 0 : 2) + (row.channel ? 0 : 1)
  const ranked = [...rows].sort((a, b) => rank(a) - rank(b))
  const order = ranked.find(row => !row.channel && row.channelOrder)?.channelOrder
  return {
    allows: key => ranked.find(row => !row.channel || row.channel === key)?.isEnabled ?? true,
    channelOrder: order ? order.split(',').filter(Boolean) : undefined,
  }
}

/** The preferred order sorts the type's channels (it never adds one the type does not use). */
export function effectiveChannelOrder(type: MessageTypeDefinition, preferred?: string[]): string[] {
  if (!preferred?.length) return [...type.channels]
  const first = preferred.filter(channel => type.channels.includes(channel))
  return [...new Set([...first, ...type.channels])]
}

/**
 * Throttled when an earlier message of the type to the recipient (created within the window before this
 * one, and not itself stopped) exists. Decided by creation order, so concurrent deliveries agree.
 */
export async function throttledBy(prisma: Prisma, message: MessageRow, windowMs: number | undefined): Promise<string | null> {
  if (!windowMs || windowMs <= 0 || !message.createdAt) return null
  const created = message.createdAt
  const earlier = await prisma.message.findFirst({
    where: {
      type: message.type,
      recipientKey: message.recipientKey,
      id: { not: message.id },
      status: { in: COUNTS_FOR_THROTTLE },
      createdAt: { gte: new Date(created.getTime() - windowMs), lte: created },
      OR: [{ createdAt: { lt: created } }, { id: { lt: message.id } }],
    },
    select: { id: true },
  })
  return earlier ? `throttled: message ${earlier.id} of this type went to the recipient within ${windowMs} ms` : null
}
