// Delivery jobs for saved messages: the first run of a message (its own job, or a fan-out's batch
// job), and follow-up runs handed over from a batch.
import type { RetryPolicy } from '../../adapters/queue/types'
import type { RegistryReader } from '../define'
import type { MessageTypeDefinition } from './contracts'
import { DELIVER_TASK, IN_TRANSACTION_DELAY_MS, deliverJobId, deliverRunJobId, retryOf, type DeliverPayload } from './names'
import { queueOf } from './registry'

/** A follow-up job's retry options: the queue counts its runs from 1, so its policy is what remains of the message's. */
export function remainingRetry(retry: RetryPolicy, runsBefore: number) {
  return { attempts: Math.max(1, retry.attempts - runsBefore), backoffMs: retry.backoffMs * 2 ** runsBefore }
}

/** Follow-up runs of messages (handed over from a batch), each a job of its own, in one round trip. */
export function enqueueDeliveries(
  registry: RegistryReader,
  items: readonly { messageId: string; generation: number; runsBefore: number; delayMs: number; definition: MessageTypeDefinition | undefined; jobId?: string }[]
) {
  return queueOf(registry).enqueueMany(
    DELIVER_TASK,
    items.map(({ messageId, generation, runsBefore, delayMs, definition, jobId }) => {
      const retry = retryOf(definition)
      const payload: DeliverPayload = { messageId, ...retry, runsBefore }
      return {
        payload,
        options: { jobId: jobId ?? deliverRunJobId(messageId, generation, runsBefore + 1), delayMs, priority: definition?.priority, ...remainingRetry(retry, runsBefore) },
      }
    })
  )
}

/** The first-run job of one message: a job id per generation, so a sweeper re-enqueue is a new job. */
function firstRunJob(definition: MessageTypeDefinition | undefined, messageId: string, generation: number, xid?: string) {
  const retry = retryOf(definition)
  const payload: DeliverPayload = { messageId, ...retry, ...(xid ? { commit: { xid, waits: 0 } } : {}) }
  return {
    payload,
    options: { jobId: deliverJobId(messageId, generation), priority: definition?.priority, attempts: retry.attempts, backoffMs: retry.backoffMs },
  }
}

/**
 * `inCallers`: saved inside the caller's transaction (its id on PostgreSQL): the first run waits
 * IN_TRANSACTION_DELAY_MS for the commit, and later ones longer if it has not ended (tasks/deliver-message.ts).
 */
export function enqueueDelivery(
  registry: RegistryReader,
  definition: MessageTypeDefinition | undefined,
  messageId: string,
  generation: number,
  inCallers?: { xid?: string }
) {
  const { payload, options } = firstRunJob(definition, messageId, generation, inCallers?.xid)
  return queueOf(registry).enqueue(DELIVER_TASK, payload, inCallers ? { ...options, delayMs: IN_TRANSACTION_DELAY_MS } : options)
}

/** First-run jobs of many new messages in one round trip. */
export function enqueueDeliveryMany(registry: RegistryReader, messages: readonly { definition: MessageTypeDefinition; messageId: string }[]) {
  return queueOf(registry).enqueueMany(
    DELIVER_TASK,
    messages.map(({ definition, messageId }) => firstRunJob(definition, messageId, 1))
  )
}
