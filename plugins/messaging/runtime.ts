// What the operations share: the clock, the rate limits and the notifier (tests replace the clock).
import type { KeystoneContext } from '@keystone-6/core/types'
import { createRateLimitGroup, type RateLimit } from '../../adapters/rate-limit'
import { spendOrRefuse } from '../../schema/shared/rate-limited'
import type { MessagingOptions } from './options'

export type AfterMessage = (context: KeystoneContext<any>, event: { conversationId: string; messageId: string }) => Promise<void>

export type MessagingRuntime = {
  options: MessagingOptions
  now(): Date
  /** One message (reply or note) written by this user. */
  spendMessage(userId: string): Promise<void>
  /** One conversation started by this user. */
  spendStart(userId: string): Promise<void>
  /** Runs after the message's transaction committed (notifications); failures are logged, not thrown. */
  afterMessage: AfterMessage[]
  close(): Promise<void>
}

const UNAVAILABLE = 'Messaging is temporarily unavailable; try again shortly'

export function createRuntime(options: MessagingOptions): MessagingRuntime {
  const group = createRateLimitGroup(options.limitStore)
  const messages: RateLimit = group.limit('conversation-messages-user', options.messagesPerMinute, 60)
  const starts: RateLimit = group.limit('conversation-starts-user', options.startsPerDay, 24 * 60 * 60)
  return {
    options,
    now: options.now ?? (() => new Date()),
    spendMessage: userId => spendOrRefuse(messages, userId, { limited: `At most ${options.messagesPerMinute} messages a minute; wait a moment`, unavailable: UNAVAILABLE }),
    spendStart: userId => spendOrRefuse(starts, userId, { limited: `At most ${options.startsPerDay} new conversations a day; reply in an existing one or try tomorrow`, unavailable: UNAVAILABLE }),
    afterMessage: [],
    close: () => group.close(),
  }
}

export async function runAfterMessage(runtime: MessagingRuntime, context: KeystoneContext<any>, event: { conversationId: string; messageId: string }) {
  for (const step of runtime.afterMessage) {
    try {
      await step(context, event)
    } catch (error) {
      console.error(`messaging: after message ${event.messageId}:`, error)
    }
  }
}
