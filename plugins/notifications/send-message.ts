import type { KeystoneContext } from '@keystone-6/core/types'
import { sendMessagesWith, sendMessageWith, type SendMessageInput, type SendMessageResult } from '../../tasks/delivery/send-message'
import { registryOf } from '../kernel'

export type { SendMessageInput, SendMessageResult }

/**
 * Sends a message from any plugin (resolvers, hooks' afterOperation, tasks use sendMessageWith with
 * their registry): validates the type and meta, persists, then enqueues. Call it outside a database
 * transaction: the delivery job must find the committed row (if it does not, the sweeper retries it).
 */
export function sendMessage(context: KeystoneContext<any>, input: SendMessageInput): Promise<SendMessageResult> {
  return sendMessageWith(context, registryOf(context), input)
}

/**
 * A fan-out: many messages in one call, validated first (a typed error names the index of a bad input),
 * saved in one transaction — all or nothing — and delivered in batches. Results are in input order.
 */
export function sendMessages(context: KeystoneContext<any>, inputs: readonly SendMessageInput[]): Promise<SendMessageResult[]> {
  return sendMessagesWith(context, registryOf(context), inputs)
}
