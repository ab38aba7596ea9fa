import { list } from '@keystone-6/core'
import { json, relationship, text, timestamp } from '@keystone-6/core/fields'
import { isAdmin } from '../shared/access'
import { denyAll } from './access'

/**
 * What the embedded default "sent": each rendered message the dev outbox transport received. Read-only,
 * admins only. Unique per idempotency key, so the dev outbox is a provider that deduplicates retries.
 */
export const DevOutboxEntry = list({
  access: { operation: { query: isAdmin, create: denyAll, update: denyAll, delete: isAdmin } },
  ui: {
    label: 'Dev outbox',
    labelField: 'preview',
    hideCreate: true,
    hideDelete: true,
    listView: { initialColumns: ['createdAt', 'channel', 'address', 'preview', 'message'], initialSort: { field: 'createdAt', direction: 'DESC' } },
  },
  fields: {
    message: relationship({ ref: 'Message' }),
    /** The channel whose rendering this is (the dev outbox stands in for it). */
    channel: text(),
    address: text(),
    locale: text(),
    /** One line to scan the list by (subject, title or the start of the text). */
    preview: text(),
    /** Every rendered part (subject, text, html, title, body...) and the unsubscribe link. */
    content: json({ ui: { views: './admin/views/outbox-preview', itemView: { fieldMode: 'read' } } }),
    idempotencyKey: text({ isIndexed: 'unique' }),
    createdAt: timestamp({ defaultValue: { kind: 'now' } }),
  },
})
