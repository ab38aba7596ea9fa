// An organization's notification defaults for its people: quiet hours (in its time zone) and the
// channel order its residents get unless they chose their own. One row per organization; staff holding
// manageMessages there manage it, admins every one.
import { list } from '@keystone-6/core'
import { text } from '@keystone-6/core/fields'
import { holdsPermission, isSignedIn, organizationFilter } from '../shared/access'
import { typedError } from '../shared/errors'
import { organizationField } from '../shared/tenant'
import { validateQuietHours } from './quiet-hours'
import { validateSetting, type NotificationNames } from './settings'

const hiddenEverywhere = { createView: { fieldMode: 'hidden' as const }, itemView: { fieldMode: 'hidden' as const }, listView: { fieldMode: 'hidden' as const } }

export function notificationOrganizationSetting(names: NotificationNames) {
  return list({
    access: {
      operation: { query: isSignedIn, create: isSignedIn, update: isSignedIn, delete: isSignedIn },
      filter: {
        query: organizationFilter('organization', 'manageMessages'),
        update: organizationFilter('organization', 'manageMessages'),
        delete: organizationFilter('organization', 'manageMessages'),
      },
      item: { create: ({ context, inputData }) => holdsPermission(context, (inputData as any).organization?.connect?.id, 'manageMessages') },
    },
    ui: { labelField: 'timeZone', listView: { initialColumns: ['organization', 'timeZone', 'quietHoursStart', 'quietHoursEnd', 'channelOrder'] } },
    fields: {
      organization: organizationField(),
      /** Unique: one row per organization (its id; filled by the hook). */
      organizationKey: text({ isIndexed: 'unique', graphql: { omit: true }, ui: hiddenEverywhere }),
      timeZone: text({ defaultValue: 'UTC', validation: { isRequired: true }, ui: { description: 'IANA name, e.g. Europe/Berlin: the zone of quiet hours for residents without their own' } }),
      quietHoursStart: text({ ui: { description: 'HH:mm; empty: no default quiet hours' } }),
      quietHoursEnd: text({ ui: { description: 'HH:mm' } }),
      channelOrder: text({ ui: { views: './admin/views/channel-order', description: 'Default channel order for residents' } }),
    },
    hooks: {
      resolveInput: {
        create: ({ resolvedData }) => {
          const organizationId = resolvedData.organization?.connect?.id
          if (!organizationId) throw typedError('ORGANIZATION_REQUIRED', 'The setting needs an organization')
          return { ...resolvedData, organizationKey: String(organizationId) }
        },
      },
      validate: ({ operation, resolvedData, item, context }) => {
        if (operation === 'delete') return
        validateQuietHours({ timeZone: resolvedData.timeZone, start: resolvedData.quietHoursStart, end: resolvedData.quietHoursEnd })
        const start = resolvedData.quietHoursStart ?? item?.quietHoursStart
        const end = resolvedData.quietHoursEnd ?? item?.quietHoursEnd
        if (!!start !== !!end) throw typedError('WRONG_QUIET_HOURS', 'Give both the start and the end of quiet hours, or neither')
        validateSetting(names, context, { channelOrder: resolvedData.channelOrder })
      },
    },
  })
}
