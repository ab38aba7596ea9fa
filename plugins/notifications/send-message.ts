import type { KeystoneContext } from '@keystone-6/core/types'
import { sendMessageWith, type SendMessageInput, type SendMessageResult } from '../../tasks/delivery/send-message'
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
