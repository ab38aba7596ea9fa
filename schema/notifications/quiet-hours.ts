// Quiet hours of one user: a local time window (IANA zone, HH:mm start and end) in which non-urgent
// messages wait until the window ends. One row per user; its owner (or an admin) writes it. A row with
// isEnabled false turns quiet hours off also when the organization has a default.
import { list } from '@keystone-6/core'
import { checkbox, relationship, text } from '@keystone-6/core/fields'
import { isSignedIn } from '../shared/access'
import { typedError } from '../shared/errors'
import type { Session } from '../shared/session'
import { isTimeOfDay, isTimeZone } from '../../tasks/delivery/quiet-hours'
import { denyAll, ownSettingsFilter } from './access'

/** Shared by the lists' hooks and the resolvers (where the typed code reaches the client). */
export function validateQuietHours(data: { timeZone?: string | null; start?: string | null; end?: string | null }) {
  if (typeof data.timeZone === 'string' && !isTimeZone(data.timeZone)) {
    throw typedError('WRONG_TIME_ZONE', `"${data.timeZone}" is not an IANA time zone such as Europe/Berlin`)
  }
  for (const value of [data.start, data.end]) {
    if (typeof value === 'string' && value !== '' && !isTimeOfDay(value)) throw typedError('WRONG_TIME_OF_DAY', `"${value}" is not a time of day as HH:mm (00:00-23:59)`)
  }
  if (data.start && data.end && data.start === data.end) throw typedError('WRONG_QUIET_HOURS', 'Quiet hours start and end at different times')
}

export const NotificationQuietHoursSetting = list({
  access: {
    operation: { query: isSignedIn, create: isSignedIn, update: isSignedIn, delete: isSignedIn },
    filter: { query: ownSettingsFilter, update: ownSettingsFilter, delete: ownSettingsFilter },
    item: {
      create: ({ session, inputData }) => {
        const s = session as Session | undefined
        if (s?.data?.isAdmin) return true
        const target = (inputData as any).user?.connect?.id
        return !!s && (target === undefined || target === s.itemId)
      },
    },
  },
  ui: { labelField: 'timeZone', listView: { initialColumns: ['user', 'timeZone', 'start', 'end', 'isEnabled'] } },
  fields: {
    user: relationship({ ref: 'User', access: { update: denyAll } }),
    /** Unique: one row per user (the user's id; filled by the hook). */
    userKey: text({ isIndexed: 'unique', access: { read: denyAll, create: denyAll, update: denyAll }, graphql: { omit: true }, ui: { createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'hidden' }, listView: { fieldMode: 'hidden' } } }),
    timeZone: text({ validation: { isRequired: true }, ui: { description: 'IANA name, e.g. Europe/Berlin' } }),
    start: text({ validation: { isRequired: true }, ui: { description: 'HH:mm local time, e.g. 22:00' } }),
    end: text({ validation: { isRequired: true }, ui: { description: 'HH:mm local time, e.g. 07:00' } }),
    isEnabled: checkbox({ defaultValue: true }),
  },
  hooks: {
    resolveInput: {
      create: ({ resolvedData, context }) => {
        const session = context.session as Session | undefined
        const data = { ...resolvedData }
        // one's own row, unless an admin names another user
        if (session && (!session.data?.isAdmin || !data.user)) data.user = { connect: { id: session.itemId } }
        const userId = data.user?.connect?.id
        if (!userId) throw typedError('USER_REQUIRED', 'Quiet hours belong to a user')
        data.userKey = String(userId)
        return data
      },
    },
    validate: ({ operation, resolvedData }) => {
      if (operation !== 'delete') validateQuietHours(resolvedData)
    },
  },
})
