import { list } from '@keystone-6/core'
import { relationship, text, timestamp } from '@keystone-6/core/fields'
import { isAdmin } from '../shared/access'
import { typedError } from '../shared/errors'
import { checkNames, normalizeRecipientFields, type NotificationNames } from './settings'
import { organizationField } from '../shared/tenant'

const adminOnly = { operation: { query: isAdmin, create: isAdmin, update: isAdmin, delete: isAdmin } }

const reason = () =>
  text({
    validation: { isRequired: true },
    ui: { displayMode: 'textarea' },
    hooks: {
      resolveInput: ({ resolvedData }) => (typeof resolvedData.reason === 'string' ? resolvedData.reason.trim() : resolvedData.reason),
      validate: ({ resolvedData, operation }) => {
        if (operation === 'delete') return
        if (resolvedData.reason === '') throw typedError('REASON_REQUIRED', 'A blacklist entry needs a reason')
      },
    },
  })

/** Stops non-critical messages to one user, phone or email: of one type, or of every type (type empty). */
export function messageUserBlackList(names: NotificationNames) {
  return list({
    access: adminOnly,
    ui: { labelField: 'reason', listView: { initialColumns: ['user', 'phone', 'email', 'messageType', 'reason'] } },
    fields: {
      user: relationship({ ref: 'User' }),
      phone: text({ db: { isNullable: true } }),
      email: text({ db: { isNullable: true } }),
      messageType: text({ ui: { description: 'Empty: every type' } }),
      reason: reason(),
      createdAt: timestamp({ defaultValue: { kind: 'now' }, ui: { itemView: { fieldMode: 'read' } } }),
    },
    hooks: {
      resolveInput: ({ resolvedData, item }) => normalizeRecipientFields(resolvedData, item),
      validate: ({ operation, resolvedData, context }) => {
        if (operation !== 'delete') checkNames(names, context, resolvedData)
      },
    },
  })
}

/** Stops an organization's non-critical messages of one type, or of every type (type empty: the kill switch). */
export function messageOrganizationBlackList(names: NotificationNames) {
  return list({
    access: adminOnly,
    ui: { labelField: 'reason', listView: { initialColumns: ['organization', 'messageType', 'reason'] } },
    fields: {
      organization: organizationField(),
      messageType: text({ ui: { description: 'Empty: every type (kill switch)' } }),
      reason: reason(),
      createdAt: timestamp({ defaultValue: { kind: 'now' }, ui: { itemView: { fieldMode: 'read' } } }),
    },
    hooks: {
      validate: ({ operation, resolvedData, item, context }) => {
        if (operation === 'delete') return
        if (!resolvedData.organization && !item?.organizationId) throw typedError('ORGANIZATION_REQUIRED', 'A blacklist entry needs an organization')
        checkNames(names, context, resolvedData)
      },
    },
  })
}
