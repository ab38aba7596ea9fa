import { list } from '@keystone-6/core'
import { integer, relationship, select, text, timestamp } from '@keystone-6/core/fields'
import { isSignedIn } from '../shared/access'
import { denyAll, messageDeliveryFilter } from './access'
import { DELIVERY_STATUSES, options } from './statuses'

/**
 * The delivery state of one (message, channel, address), written by the delivery task before and after
 * each send. It is what makes a re-run never re-send: `sent` rows are skipped, `sending` rows (a crash
 * between the provider's answer and our write) are re-sent with the same idempotency key.
 */
export const MessageDelivery = list({
  access: {
    operation: { query: isSignedIn, create: denyAll, update: denyAll, delete: denyAll },
    filter: { query: messageDeliveryFilter },
  },
  ui: {
    labelField: 'idempotencyKey',
    hideCreate: true,
    hideDelete: true,
    listView: { initialColumns: ['message', 'channel', 'transport', 'addressHint', 'status', 'updatedAt'] },
  },
  fields: {
    message: relationship({ ref: 'Message.deliveries' }),
    channel: text({ validation: { isRequired: true } }),
    /** The transport that sent it (or last tried). */
    transport: text(),
    /** Masked: the trace must not become an address book. */
    addressHint: text(),
    /** message-<id>-<channel>-<sha256(address)[:24]>: handed to providers that deduplicate. */
    idempotencyKey: text({ isIndexed: 'unique', validation: { isRequired: true } }),
    status: select({ type: 'string', options: options(DELIVERY_STATUSES), defaultValue: 'sending', validation: { isRequired: true } }),
    providerMessageId: text(),
    error: text(),
    /** Sends tried for this address (a re-send after a crash counts). */
    attempts: integer({ defaultValue: 0 }),
    sentAt: timestamp(),
    updatedAt: timestamp({ defaultValue: { kind: 'now' }, db: { updatedAt: true } }),
  },
})
