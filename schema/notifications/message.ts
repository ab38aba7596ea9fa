import { list } from '@keystone-6/core'
import { checkbox, integer, json, relationship, select, text, timestamp } from '@keystone-6/core/fields'
import { isAdmin, isSignedIn, isStaff } from '../shared/access'
import { denyAll, messageFilter, recipientDetailsAccess } from './access'
import { ACTIVE_STATUSES, MESSAGE_STATUSES, options } from './statuses'
import { organizationField, sameOrganization } from '../shared/tenant'
import { messageDisplayFields } from './message-display'

/** Written by the pipeline only (sendMessage, the delivery task): no one edits it through the API. */
const readOnly = { ui: { itemView: { fieldMode: 'read' as const } }, access: { update: denyAll } }
// nullable text shown without Keystone's "Set to null" checkbox (admin/views)
const readOnlyText = { ...readOnly, ui: { ...readOnly.ui, views: './admin/views/optional-text' } }

/**
 * One outbound message. Created only through sendMessage (validated, deduplicated by uniqKey), delivered
 * by the deliverMessage task. Residents read their own; staff with manageMessages their organization's.
 */
export const Message = list({
  access: {
    operation: { query: isSignedIn, create: denyAll, update: isAdmin, delete: isAdmin },
    filter: { query: messageFilter },
  },
  ui: {
    labelField: 'type',
    hideCreate: true,
    // staff read messages; only an admin cancels one (status), nobody deletes one from the Admin UI
    hideDelete: true,
    listView: { initialColumns: ['typeTitle', 'recipient', 'status', 'organization', 'sentBy', 'createdAt'], initialSort: { field: 'createdAt', direction: 'DESC' } },
  },
  fields: {
    type: text({ validation: { isRequired: true }, ...readOnly }),
    user: relationship(sameOrganization({ ref: 'User', ...readOnly })),
    phone: text({ db: { isNullable: true }, ...readOnlyText, access: { ...readOnly.access, ...recipientDetailsAccess } }),
    email: text({ db: { isNullable: true }, ...readOnlyText, access: { ...readOnly.access, ...recipientDetailsAccess } }),
    /** 'user-<id>', 'phone-<E.164>' or 'email-<address>': the recipient in the uniqKey and throttle rules. */
    recipientKey: text({ validation: { isRequired: true }, ...readOnly, access: { ...readOnly.access, ...recipientDetailsAccess } }),
    organization: organizationField({ optional: true, ui: readOnly.ui }),
    locale: text({ defaultValue: 'en', ...readOnly }),
    /** Validated by the type's schema. Secret types' meta is unreadable by anyone and cleared once final. */
    meta: json({
      ui: { itemView: { fieldMode: 'read' } },
      access: { read: { item: ({ item }) => !item.isSecret, filter: denyAll, order: denyAll }, update: denyAll },
    }),
    isSecret: checkbox({ ...readOnly }),
    status: select({
      type: 'string',
      options: options(MESSAGE_STATUSES),
      defaultValue: 'sending',
      validation: { isRequired: true },
      ui: {
        description: 'An admin may cancel a message that is still sending or processing.',
        itemView: { fieldMode: ({ session }: { session?: any }) => (session?.data?.isAdmin ? 'edit' : 'read') },
      },
    }),
    uniqKey: text({ db: { isNullable: true }, ...readOnlyText }),
    /** The staff member who caused it (sendMessage, a broadcast); empty for the system's own messages. */
    sentBy: relationship({ ref: 'User', ...readOnly, access: { read: isStaff, update: denyAll } }),
    /** Every attempt and every skipped channel: { at, channel, transport, address, outcome, providerMessageId, error }. */
    trace: json({ defaultValue: [], ui: { views: './admin/views/delivery-trace', itemView: { fieldMode: 'read' } }, access: { read: isStaff, update: denyAll } }),
    deliveries: relationship({ ref: 'MessageDelivery.message', many: true, ...readOnly, access: { read: isStaff, update: denyAll } }),
    createdAt: timestamp({ defaultValue: { kind: 'now' }, isIndexed: true, ...readOnly }),
    ...messageDisplayFields,
    sentAt: timestamp({ ...readOnly }),
    deliveredAt: timestamp({ ...readOnly }),
    readAt: timestamp({ ...readOnly }),
    // Delivery bookkeeping (see tasks/deliver-message.ts): hidden from the API
    /** When the next run is due; the sweeper re-enqueues active messages whose due time is long past. */
    dueAt: timestamp({ defaultValue: { kind: 'now' }, ...hidden() }),
    /** Set while a delivery run holds the message; another run may take over once it has passed. */
    leaseUntil: timestamp({ ...hidden() }),
    /** Bumped by each sweeper re-enqueue: job ids are deliver-<id>-<generation>. */
    generation: integer({ defaultValue: 1, validation: { isRequired: true }, ...hidden() }),
  },
  hooks: {
    validate: {
      update: ({ item, resolvedData, addValidationError }) => {
        const next = resolvedData.status
        if (next === undefined || next === item.status) return
        if (next !== 'canceled' || !(ACTIVE_STATUSES as readonly string[]).includes(item.status as string)) {
          addValidationError(`Only a message that is still sending or processing can be changed, and only to canceled`)
        }
      },
    },
    resolveInput: {
      // a canceled secret message will never be rendered: drop the secret now
      update: ({ resolvedData, item }) => (resolvedData.status === 'canceled' && item.isSecret ? { ...resolvedData, meta: null } : resolvedData),
    },
  },
})

function hidden() {
  return {
    access: { read: isAdmin, update: denyAll },
    ui: { createView: { fieldMode: 'hidden' as const }, itemView: { fieldMode: 'hidden' as const }, listView: { fieldMode: 'hidden' as const } },
  }
}
