// The rules of policy.ts as Prisma `where`s on User, for counting before a send what the delivery runs
// will decide per message (a broadcast's reach): stopped by a blacklist, or a channel turned off. The same
// precedence as userPreferences: the user's most specific row, else the global default, else on.
import type { AddressField, MessageTypeDefinition } from './contracts'

type Prisma = any
type Where = Record<string, unknown>
type SettingRow = { messageType: string; channel: string; isEnabled: boolean }

export type PolicyWhere = {
  /** The organization blacklisted the type: nobody gets it. */
  organizationStopped: boolean
  /**
   * Users a recipient blacklist entry stops on a channel whose addresses are `field` (null: the type
   * ignores blacklists): entries naming the user, and on SMS (email) entries naming the user's phone (email).
   */
  blacklisted(field?: AddressField): Where | null
  /** Users who accept the type on the channel with this preference key (null: everyone does). */
  allows(preferenceKey: string): Where | null
}

const USER_SETTINGS = 'from_NotificationUserSetting_user'
const USER_BLACKLIST = 'from_MessageUserBlackList_user'

/** Values per statement when matching addresses: far under PostgreSQL's 65,535 parameters (and SQLite's 32,766). */
const VALUES_PER_STATEMENT = 10_000

/**
 * The values a user of `audience` holds as their `field`, read in statements of VALUES_PER_STATEMENT
 * values: the entries by phone or email are the whole platform's and this organization's (SMS STOP
 * replies gather in tens of thousands), while the counts only need those of the audience.
 */
async function heldBy(prisma: Prisma, audience: Where, field: AddressField, values: string[]): Promise<string[]> {
  const held = new Set<string>()
  for (let from = 0; from < values.length; from += VALUES_PER_STATEMENT) {
    const rows: Record<AddressField, string | null>[] = await prisma.user.findMany({
      where: { AND: [audience, { [field]: { in: values.slice(from, from + VALUES_PER_STATEMENT) } }] },
      select: { [field]: true },
    })
    for (const row of rows) if (row[field]) held.add(row[field]!)
  }
  return [...held]
}

/** The type's policy as `where`s on User, for counting among the users `audience` (a `where` on User) finds. */
export async function policyWhere(prisma: Prisma, type: MessageTypeDefinition, organizationId: string, audience: Where): Promise<PolicyWhere> {
  const types = [type.type, '']
  // critical types are never blacklisted; critical and overriding types ignore preferences (policy.ts decide)
  const blacklists = !type.critical
  const preferences = !type.critical && !type.overridesPreferences
  const applies = { messageType: { in: types }, OR: [{ organizationId: null }, { organizationId }] }
  const [organizationEntry, addressEntries, globalRows]: [unknown, Record<AddressField, string | null>[], SettingRow[]] = await Promise.all([
    blacklists ? prisma.messageOrganizationBlackList.findFirst({ where: { organizationId, messageType: { in: types } }, select: { id: true } }) : null,
    // entries by phone or email are matched by value (no relation joins them to User): read them
    blacklists ? prisma.messageUserBlackList.findMany({ where: { ...applies, userId: null }, select: { phone: true, email: true } }) : [],
    preferences ? prisma.notificationUserSetting.findMany({ where: { userId: null, messageType: { in: types } }, select: { messageType: true, channel: true, isEnabled: true } }) : [],
  ])
  // as the delivery decides (deliver-batch.ts): an entry naming the user stops the message; an entry
  // naming the user's phone or email stops the channel whose address it is (SMS, email), not the others
  const byUser: Where = { [USER_BLACKLIST]: { some: applies } }
  const named = (field: AddressField) => heldBy(prisma, audience, field, [...new Set(addressEntries.map(entry => entry[field]).filter((value): value is string => !!value))])
  const [phones, emails] = await Promise.all([named('phone'), named('email')])
  const byAddress = { phone: phones, email: emails }
  const blacklisted = (field?: AddressField): Where => {
    const values = field ? byAddress[field] : []
    // IN never matches a NULL phone or email
    return field && values.length ? { OR: [byUser, { [field]: { in: values } }] } : byUser
  }
  return {
    organizationStopped: !!organizationEntry,
    blacklisted: field => (blacklists ? blacklisted(field) : null),
    allows: key => (preferences ? allowsWhere(type.type, key, globalRows) : null),
  }
}

/** The ranks of policy.ts: (type, channel) > (type, every channel) > (every type, channel) > (every type, every channel). */
function ranks(type: string, key: string) {
  return [
    { messageType: type, channel: key },
    { messageType: type, channel: '' },
    { messageType: '', channel: key },
    { messageType: '', channel: '' },
  ]
}

function allowsWhere(type: string, key: string, globalRows: SettingRow[]): Where | null {
  const order = ranks(type, key)
  const globalRow = order.map(rank => globalRows.find(row => row.messageType === rank.messageType && row.channel === rank.channel)).find(Boolean)
  const globalAllows = globalRow?.isEnabled ?? true
  const has = (rank: Where, extra: Where = {}) => ({ [USER_SETTINGS]: { some: { ...rank, ...extra } } })
  const hasNot = (rank: Where) => ({ [USER_SETTINGS]: { none: rank } })
  // off: the first of the user's rows that applies says off; or none applies and the global default is off
  const off: Where[] = order.map((rank, i) => ({ AND: [...order.slice(0, i).map(hasNot), has(rank, { isEnabled: false })] }))
  if (!globalAllows) off.push({ AND: order.map(hasNot) })
  return { NOT: { OR: off } }
}
