// The pipeline's options from the environment (see the README's table).
import { positiveNumberFromEnv } from '../../adapters/env'
import { unsubscribeSecretFrom } from '../../tasks/delivery/unsubscribe-link'
import type { NotificationOptions } from '../../tasks/delivery/contracts'

const DAY = 24 * 60 * 60 * 1000

export function notificationOptionsFromEnv(env: NodeJS.ProcessEnv, sessionSecret: string): NotificationOptions {
  const devOutbox = (env.NOTIFICATIONS_DEV_OUTBOX?.trim() || 'auto') as NotificationOptions['devOutbox']
  if (devOutbox !== 'auto' && devOutbox !== 'off') throw new Error('NOTIFICATIONS_DEV_OUTBOX must be "auto" or "off"')
  return {
    devOutbox,
    devOutboxRevealsSecrets: env.NODE_ENV !== 'production',
    unsubscribe: {
      secret: unsubscribeSecretFrom(env, sessionSecret),
      ttlMs: positiveNumberFromEnv(env, 'UNSUBSCRIBE_LINK_TTL_DAYS', 60) * DAY,
      baseUrl: env.PUBLIC_URL?.trim() || `http://localhost:${env.PORT?.trim() || 3000}`,
    },
    leaseMs: positiveNumberFromEnv(env, 'NOTIFICATIONS_LEASE_SECONDS', 120) * 1000,
    stuckAfterMs: positiveNumberFromEnv(env, 'NOTIFICATIONS_STUCK_AFTER_SECONDS', 300) * 1000,
    sweepEveryMs: positiveNumberFromEnv(env, 'NOTIFICATIONS_SWEEP_EVERY_SECONDS', 60) * 1000,
    sweepBatch: 1000,
  }
}
