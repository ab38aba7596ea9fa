// Message and delivery states. The database is the source of truth: the queue can be rebuilt from these.

/** `sending`: persisted, before the end of its first delivery run; `processing`: given back by a run (a
 *  retry, quiet hours), before the end of the next. A run holding it is a live `leaseUntil`, not a status. */
export const ACTIVE_STATUSES = ['sending', 'processing'] as const
/** Outcomes of the pipeline; `delivered` and `read` come later (provider receipts, the app). */
export const FINAL_STATUSES = ['sent', 'delivered', 'read', 'error', 'blacklisted', 'throttled', 'disabledByUser', 'canceled'] as const
export const MESSAGE_STATUSES = [...ACTIVE_STATUSES, ...FINAL_STATUSES] as const
export type MessageStatus = (typeof MESSAGE_STATUSES)[number]

/** Per (message, channel, address), written with a run's outcome: `sending` = a transient failure, the
 *  next run resumes on its transport. A crash before the write leaves no row; the next run re-sends with
 *  the same idempotency key (tasks/delivery/delivery-rows.ts). */
export const DELIVERY_STATUSES = ['sending', 'sent', 'failed', 'invalidAddress'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

export const options = (values: readonly string[]) => values.map(value => ({ label: value, value }))
