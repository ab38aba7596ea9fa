// The rules a message passes before any channel is tried: blacklists, preferences, throttle.
// Read through Prisma for a whole batch at once: they sit on the hot path of a fan-out.
import type { AddressField, MessageTypeDefinition } from './contracts'
import { organizationSettingsOf } from './organization-settings'

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

type OrganizationEntry = { organizationId: string; messageType: string; reason: string }
type RecipientEntry = { organizationId: string | null; userId: string | null; phone: string | null; email: string | null; messageType: string; reason: string }
type SettingRow = { userId: string | null; messageType: string; channel: string; isEnabled: boolean; channelOrder: string }

/** The rules for a batch of messages, read together (policyKeys, then readPolicyRows or batch-rules.ts), then answered per message from memory. */
export type PolicySnapshot = {
  organizationBlacklisted(message: MessageRow): string | null
  /** An entry naming the message's user, or the phone or email it is addressed to. */
  recipientBlacklisted(message: MessageRow): string | null
  /** An entry naming this address (a phone, an email) of the recipient: the channel does not send to it. Only for addresses given to policyKeys. */
  addressBlacklisted(message: MessageRow, field: AddressField, address: string): string | null
  preferencesFor(message: MessageRow): Preferences
  /** The default channel order of the message's organization for its people, when it set one. */
  organizationChannelOrder(message: MessageRow): string[] | undefined
}

export type Preferences = {
  /** Whether the recipient accepts this message on the channel with this preference key. */
  allows(preferenceKey: string): boolean
  /** The recipient's preferred channel order, when set. */
  channelOrder?: string[]
}

const EVERYTHING: Preferences = { allows: () => true }
const unique = <T>(values: (T | null | undefined)[]) => [...new Set(values.filter((v): v is T => v !== null && v !== undefined))]
const anonymousKeys = (message: MessageRow) => [message.type, ''].map(type => `${message.recipientKey}|${type || '*'}`)

/** The phones and emails the channels resolved for the batch's messages (a user's phone, their email). */
export type NamedAddresses = Record<AddressField, string[]>
const NO_ADDRESSES: NamedAddresses = { phone: [], email: [] }

/** What a batch's policy reads are keyed by. */
export type PolicyKeys = { types: string[]; organizations: string[]; users: string[]; phones: string[]; emails: string[]; anonymous: string[] }

/** The rows the policy of a batch decides by (read by `readPolicyRows`, or in one statement with the quiet hours: batch-rules.ts). */
export type PolicyRows = {
  organizationRows: OrganizationEntry[]
  recipientRows: RecipientEntry[]
  settingRows: SettingRow[]
  offKeys: { settingKey: string }[]
  organizationDefaults: { organizationId: string; channelOrder: string }[]
}

/** The keys of the batch's reads; `named`: the phones and emails the channels resolved, for the recipient blacklist. */
export function policyKeys(messages: readonly MessageRow[], named: NamedAddresses = NO_ADDRESSES): PolicyKeys {
  return {
    types: [...unique(messages.map(m => m.type)), ''], // '' = an entry for every type
    organizations: unique(messages.map(m => m.organizationId)),
    users: unique(messages.map(m => m.userId)),
    phones: unique([...messages.map(m => m.phone), ...named.phone]),
    emails: unique([...messages.map(m => m.email), ...named.email]),
    anonymous: messages.filter(m => !m.userId).flatMap(anonymousKeys),
  }
}

/** The policy's rows through Prisma, in five queries (one shared with quiet hours): any database. */
export async function readPolicyRows(prisma: Prisma, keys: PolicyKeys): Promise<PolicyRows> {
  const { types, organizations, users, phones, emails, anonymous } = keys
  const who = [users.length && { userId: { in: users } }, phones.length && { phone: { in: phones } }, emails.length && { email: { in: emails } }].filter(Boolean)
  const [organizationRows, recipientRows, settingRows, offKeys, organizationDefaults] = await Promise.all([
    organizations.length
      ? prisma.messageOrganizationBlackList.findMany({
          where: { organizationId: { in: organizations }, messageType: { in: types } },
          select: { organizationId: true, messageType: true, reason: true },
        })
      : [],
    who.length
      ? prisma.messageUserBlackList.findMany({
          where: {
            messageType: { in: types },
            // platform-wide entries, and those of the batch's organizations
            AND: [{ OR: who }, { OR: [{ organizationId: null }, ...(organizations.length ? [{ organizationId: { in: organizations } }] : [])] }],
          },
          select: { organizationId: true, userId: true, phone: true, email: true, messageType: true, reason: true },
        })
      : [],
    users.length
      ? prisma.notificationUserSetting.findMany({
          where: { OR: [{ userId: { in: users } }, { userId: null }], messageType: { in: types } },
          select: { userId: true, messageType: true, channel: true, isEnabled: true, channelOrder: true },
        })
      : [],
    anonymous.length ? prisma.notificationAnonymousSetting.findMany({ where: { settingKey: { in: anonymous }, isEnabled: false }, select: { settingKey: true } }) : [],
    organizationSettingsOf(prisma, organizations),
  ])
  return { organizationRows, recipientRows, settingRows, offKeys, organizationDefaults }
}

/** The policy answered per message from a batch's rows. */
export function policySnapshot(rows: PolicyRows): PolicySnapshot {
  const { organizationRows, recipientRows, settingRows, offKeys } = rows
  const organizationDefaults = rows.organizationDefaults.filter(row => row.channelOrder !== '')
  const defaultOrder = new Map(organizationDefaults.map(row => [row.organizationId, row.channelOrder.split(',').filter(Boolean)]))
  const off = new Set(offKeys.map(row => row.settingKey))
  const settingsOf = new Map<string | null, SettingRow[]>()
  for (const row of settingRows) settingsOf.set(row.userId, [...(settingsOf.get(row.userId) ?? []), row])
  const forType = (message: MessageRow, entryType: string) => entryType === message.type || entryType === ''
  const describe = (what: string, entry: { messageType: string; reason: string }) => `${what} (${entry.messageType || 'every type'}): ${entry.reason}`
  const appliesTo = (message: MessageRow, row: RecipientEntry) => forType(message, row.messageType) && (row.organizationId === null || row.organizationId === message.organizationId)

  return {
    organizationBlacklisted(message) {
      const entry = organizationRows.find(row => row.organizationId === message.organizationId && forType(message, row.messageType))
      return entry ? describe('organization blacklist', entry) : null
    },
    recipientBlacklisted(message) {
      const entry = recipientRows.find(
        row =>
          appliesTo(message, row) &&
          ((message.userId && row.userId === message.userId) || (message.phone && row.phone === message.phone) || (message.email && row.email === message.email))
      )
      return entry ? describe('recipient blacklist', entry) : null
    },
    addressBlacklisted(message, field, address) {
      const entry = recipientRows.find(row => row[field] === address && appliesTo(message, row))
      return entry ? describe(`recipient blacklist by ${field}`, entry) : null
    },
    organizationChannelOrder: message => (message.organizationId ? defaultOrder.get(message.organizationId) : undefined),
    preferencesFor(message) {
      if (!message.userId) return anonymousKeys(message).some(key => off.has(key)) ? { allows: () => false } : EVERYTHING
      const rows = [...(settingsOf.get(message.userId) ?? []), ...(settingsOf.get(null) ?? [])]
      return userPreferences(rows.filter(row => forType(message, row.messageType)))
    },
  }
}

/**
 * Users: the most specific row wins — the user's rows before the global defaults (no user), and within
 * each: (type, channel) > (type, every channel) > (every type, channel) > (every type, every channel).
 * No row at all: enabled (opt-out, not opt-in). People without an account: an anonymous setting for the
 * address (this type or every type) turns everything off.
 */
function userPreferences(rows: SettingRow[]): Preferences {
  if (!rows.length) return EVERYTHING
  const rank = (row: SettingRow) => (row.userId ? 0 : 4) + (row.messageType ? 0 : 2) + (row.channel ? 0 : 1)
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
