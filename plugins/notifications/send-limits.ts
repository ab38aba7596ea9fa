// Rate limits on what staff send through the API (anything that sends is limited): the messages one staff
// member sends one at a time (sendMessage) per hour, and an organization's broadcasts per hour (broadcast
// messages and Broadcasts sent or scheduled: the ways to reach many residents at once). A stolen or
// runaway staff account cannot flood residents, or the SMS bill, past them. Counters live where the other
// limits do (Redis with a queue, memory in the embedded mode); the broadcasts plugin spends through the
// registry (`staffSendLimits`).
import { positiveIntegerFromEnv } from '../../adapters/env'
import { createRateLimitGroup, type RateLimitStore } from '../../adapters/rate-limit'
import { spendOrRefuse } from '../../schema/shared/rate-limited'
import type { RegistryReader } from '../../tasks/define'

export type StaffSendLimitOptions = { store?: RateLimitStore; messagesPerHour: number; broadcastsPerHour: number }

export type StaffSendLimits = {
  /** One message sent by this staff member. */
  spendMessage(userId: string): Promise<void>
  /** One broadcast of this organization. */
  spendBroadcast(organizationId: string): Promise<void>
  /** Gives back a broadcast's point (its send did not happen after all). */
  refundBroadcast(organizationId: string): Promise<void>
  close(): Promise<void>
}

export const DEFAULT_STAFF_SEND_LIMITS = { messagesPerHour: 300, broadcastsPerHour: 20 }
const UNAVAILABLE = 'Sending is temporarily unavailable; try again shortly'

export function createStaffSendLimits(options: StaffSendLimitOptions): StaffSendLimits {
  const group = createRateLimitGroup(options.store)
  const messages = group.limit('staff-messages-user', options.messagesPerHour, 3600)
  const broadcasts = group.limit('broadcasts-organization', options.broadcastsPerHour, 3600)
  return {
    spendMessage: userId =>
      spendOrRefuse(messages, userId, { limited: `At most ${options.messagesPerHour} messages an hour per staff member; try again later`, unavailable: UNAVAILABLE }),
    spendBroadcast: organizationId =>
      spendOrRefuse(broadcasts, organizationId, { limited: `At most ${options.broadcastsPerHour} broadcasts an hour per organization; try again later`, unavailable: UNAVAILABLE }),
    refundBroadcast: organizationId => broadcasts.refund(organizationId).catch(() => {}),
    close: () => group.close(),
  }
}

/** STAFF_MESSAGES_PER_HOUR (300 per staff member) and BROADCASTS_PER_HOUR (20 per organization). */
export function staffSendLimitsFromEnv(env: NodeJS.ProcessEnv, store: RateLimitStore): StaffSendLimitOptions {
  return {
    store,
    messagesPerHour: positiveIntegerFromEnv(env, 'STAFF_MESSAGES_PER_HOUR', DEFAULT_STAFF_SEND_LIMITS.messagesPerHour),
    broadcastsPerHour: positiveIntegerFromEnv(env, 'BROADCASTS_PER_HOUR', DEFAULT_STAFF_SEND_LIMITS.broadcastsPerHour),
  }
}

export function staffSendLimitsOf(registry: RegistryReader): StaffSendLimits {
  const [limits] = registry.all('staffSendLimits') as StaffSendLimits[]
  if (!limits) throw new Error('No staffSendLimits in the registry: is the notifications plugin in the plugin list?')
  return limits
}
