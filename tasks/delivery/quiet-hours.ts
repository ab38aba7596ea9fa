// Quiet hours: a window of local time (IANA time zone, start and end as HH:mm) in which a recipient
// gets no non-urgent message. A message that falls inside is not dropped and not polled: its run ends
// with the message due at the window's end and a delayed job for that instant. The recipient's own
// window wins; without one, the default of the message's organization applies.
import { TZDate } from '@date-fns/tz'
import type { MessageTypeDefinition } from './contracts'
import { organizationSettingsOf } from './organization-settings'
import type { MessageRow } from './policy'
import type { Trace } from './trace'

export type QuietWindow = { timeZone: string; start: string; end: string }

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/

export const isTimeOfDay = (value: string) => HH_MM.test(value)

export function isTimeZone(value: string) {
  if (!value || !value.includes('/')) return value === 'UTC'
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return true
  } catch {
    return false
  }
}

const minutesOf = (hhmm: string) => {
  const [, h, m] = HH_MM.exec(hhmm)!
  return Number(h) * 60 + Number(m)
}

/**
 * The instant the window that holds `now` ends, or null when `now` is outside it. Wall-clock arithmetic
 * in the window's zone: across a daylight-saving change the night is an hour shorter or longer, and an
 * end time that does not exist that day (inside the spring gap) is the first instant after the gap.
 */
export function quietUntil(now: Date, window: QuietWindow): Date | null {
  if (!isTimeOfDay(window.start) || !isTimeOfDay(window.end) || !isTimeZone(window.timeZone)) return null
  const start = minutesOf(window.start)
  const end = minutesOf(window.end)
  if (start === end) return null
  const local = new TZDate(now.getTime(), window.timeZone)
  const minute = local.getHours() * 60 + local.getMinutes()
  const wraps = start > end // e.g. 22:00-07:00
  const inside = wraps ? minute >= start || minute < end : minute >= start && minute < end
  if (!inside) return null
  // the end is tomorrow when the window wraps midnight and we are in its evening part
  const dayOffset = wraps && minute >= start ? 1 : 0
  const until = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + dayOffset, Math.floor(end / 60), end % 60, 0, window.timeZone)
  return new Date(until.getTime())
}

type UserRow = { userId: string; timeZone: string; start: string; end: string; isEnabled: boolean }
type OrganizationRow = { organizationId: string; timeZone: string; quietHoursStart: string; quietHoursEnd: string }

export type QuietHoursSnapshot = { windowFor(message: MessageRow): QuietWindow | null }
export type QuietHoursKeys = { users: string[]; organizations: string[] }
/** The rows the quiet hours of a batch are decided by: the users' own and their organizations' defaults. */
export type QuietHoursRows = { userRows: UserRow[]; organizationRows: OrganizationRow[] }

export function quietHoursKeys(messages: readonly MessageRow[]): QuietHoursKeys {
  return {
    users: [...new Set(messages.map(m => m.userId).filter((id): id is string => !!id))],
    organizations: [...new Set(messages.map(m => m.organizationId).filter((id): id is string => !!id))],
  }
}

/** The quiet hours' rows through Prisma in two queries, the organizations' read with the policy's (batch-rules.ts: one statement on PostgreSQL). */
export async function readQuietHoursRows(prisma: any, { users, organizations }: QuietHoursKeys): Promise<QuietHoursRows> {
  const [userRows, organizationRows]: [UserRow[], OrganizationRow[]] = await Promise.all([
    users.length
      ? prisma.notificationQuietHoursSetting.findMany({
          where: { userId: { in: users } },
          select: { userId: true, timeZone: true, start: true, end: true, isEnabled: true },
        })
      : [],
    organizationSettingsOf(prisma, organizations),
  ])
  return { userRows, organizationRows }
}

/** The window of each message of the batch, from its rows. */
export function quietHoursSnapshot({ userRows, organizationRows }: QuietHoursRows): QuietHoursSnapshot {
  const byUser = new Map(userRows.map(row => [row.userId, row]))
  const byOrganization = new Map(organizationRows.map(row => [row.organizationId, row]))
  return {
    windowFor(message) {
      const own = message.userId ? byUser.get(message.userId) : undefined
      // a user's row decides, also when it turns quiet hours off
      if (own) return own.isEnabled ? { timeZone: own.timeZone, start: own.start, end: own.end } : null
      const org = message.organizationId ? byOrganization.get(message.organizationId) : undefined
      if (!org?.quietHoursStart || !org.quietHoursEnd) return null
      // a user without a row lives in the organization's zone
      return { timeZone: org.timeZone, start: org.quietHoursStart, end: org.quietHoursEnd }
    },
  }
}

/** Urgent types (and critical ones) go out at once, whatever the hour. */
export const isUrgent = (type: MessageTypeDefinition | undefined) => !!(type?.urgent || type?.critical)

/** The engine's step: null to go on, or the instant to defer the message to (recorded in the trace). */
export function quietHoursStep(message: MessageRow, type: MessageTypeDefinition, quiet: QuietHoursSnapshot, now: Date, trace: Trace) {
  if (isUrgent(type)) return null
  const window = quiet.windowFor(message)
  const until = window && quietUntil(now, window)
  if (!window || !until) return null
  trace.add({ outcome: 'quietHours', error: `quiet hours ${window.start}-${window.end} (${window.timeZone}): waits until ${until.toISOString()}` })
  return { deferUntil: until }
}
