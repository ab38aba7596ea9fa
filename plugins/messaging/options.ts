// Messaging's settings from the environment (README lists them).
import { positiveNumberFromEnv } from '../../adapters/env'
import { databaseTargetFromEnv } from '../../adapters/database'
import type { RateLimitStore } from '../../adapters/rate-limit'

export type MessagingOptions = {
  /** Resolved threads move to Archived this many days after they were resolved. */
  archiveAfterDays: number
  /** Messages (replies and notes) one person may write per minute, over all threads. */
  messagesPerMinute: number
  /** Conversations one person may start per day. */
  startsPerDay: number
  /** Notifications of one thread to one person are batched in windows of this many minutes. */
  notifyBatchMinutes: number
  /** How often the archive sweeper runs. */
  sweepEveryMs: number
  publicUrl: string
  limitStore: RateLimitStore
  /** Search uses case-insensitive matching on PostgreSQL (SQLite's LIKE already is, for ASCII). */
  databaseProvider: 'sqlite' | 'postgresql'
  now?: () => Date
}

export function messagingOptionsFromEnv(env: NodeJS.ProcessEnv, limitStore: RateLimitStore): MessagingOptions {
  return {
    archiveAfterDays: positiveNumberFromEnv(env, 'CONVERSATION_ARCHIVE_AFTER_DAYS', 30),
    messagesPerMinute: positiveNumberFromEnv(env, 'CONVERSATION_MESSAGES_PER_MINUTE', 30),
    startsPerDay: positiveNumberFromEnv(env, 'CONVERSATION_STARTS_PER_DAY', 20),
    notifyBatchMinutes: positiveNumberFromEnv(env, 'CONVERSATION_NOTIFY_BATCH_MINUTES', 5),
    sweepEveryMs: 60 * 60 * 1000,
    publicUrl: (env.PUBLIC_URL || `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, ''),
    limitStore,
    databaseProvider: databaseTargetFromEnv(env).provider,
  }
}
