import { list } from '@keystone-6/core'
import { relationship, text, timestamp } from '@keystone-6/core/fields'
import { holdsPermission, isSignedIn, organizationFilter } from '../shared/access'
import { typedError } from '../shared/errors'
import { checkNames, normalizeRecipientFields, type NotificationNames } from './settings'
import { organizationField, sameOrganization } from '../shared/tenant'

/**
 * Staff holding manageMessages manage their organization's entries; rows without an organization are
 * platform-wide (legal stops) and stay with admins: the organization filter never matches them for staff.
 */
const organizationManaged = {
  operation: { query: isSignedIn, create: isSignedIn, update: isSignedIn, delete: isSignedIn },
  filter: {
    query: organizationFilter('organization', 'manageMessages'),
    update: organizationFilter('organization', 'manageMessages'),
    delete: organizationFilter('organization', 'manageMessages'),
  },
  item: {
    create: ({ context, inputData }: any) => holdsPermission(context, inputData.organization?.connect?.id, 'manageMessages'),
  },
}

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

/**
 * Stops non-critical messages to one user, phone or email: of one type, or of every type (type empty).
 * An entry by phone (email) also stops the SMS (email) of a message to a user who has that phone (email):
 * the delivery leaves the address out and tries the user's other channels.
 * With an organization, only that organization's messages (its own opt-out list); without, every
 * message on the platform, emergencies included (admins only).
 */
export function messageUserBlackList(names: NotificationNames) {
  return list({
    access: organizationManaged,
    ui: { labelField: 'reason', listView: { initialColumns: ['organization', 'user', 'phone', 'email', 'messageType', 'reason'] } },
    fields: {
      organization: organizationField({ optional: true, ui: { description: 'Empty: platform-wide (admins only)' } }),
      // who an entry stops is fixed: to stop someone else, add another entry
      user: relationship(sameOrganization({ ref: 'User', graphql: { omit: { update: true } } })),
      // indexed: each delivery batch looks entries up by the phones and emails of its recipients
      phone: text({ db: { isNullable: true }, isIndexed: true, graphql: { omit: { update: true } } }),
      email: text({ db: { isNullable: true }, isIndexed: true, graphql: { omit: { update: true } } }),
      messageType: text({ ui: { views: './admin/views/message-type-choice', description: 'Empty: every type' } }),
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
    access: organizationManaged,
    ui: { labelField: 'reason', listView: { initialColumns: ['organization', 'messageType', 'reason'] } },
    fields: {
      organization: organizationField(),
      messageType: text({ ui: { views: './admin/views/message-type-choice', description: 'Empty: every type (kill switch)' } }),
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
