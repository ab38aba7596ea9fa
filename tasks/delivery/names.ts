// Names shared by sendMessage, the delivery task and the sweeper (kept apart to avoid import cycles).
export const DELIVER_TASK = 'deliverMessage'
export const DELIVER_BATCH_TASK = 'deliverMessages'
export const SWEEP_TASK = 'sweepMessages'
export const DEV_OUTBOX = 'devOutbox'

/** BullMQ-safe (no ':', never a bare integer). The generation is bumped by each sweeper re-enqueue, so a
 *  message whose job completed or vanished can be enqueued again; within one generation it is deduplicated. */
export const deliverJobId = (messageId: string, generation: number) => `deliver-${messageId}-${generation}`

/** A follow-up run handed over from a batch: a job of its own, apart from any earlier job of the message. */
export const deliverRunJobId = (messageId: string, generation: number, run: number) => `${deliverJobId(messageId, generation)}-run${run}`

/** A run put off by quiet hours until `untilMs`: its own job, whatever jobs the message had before. */
export const deliverQuietJobId = (messageId: string, generation: number, untilMs: number) => `${deliverJobId(messageId, generation)}-quiet${untilMs}`

/** A fan-out batch is enqueued once, right after its messages were saved: its first message names it. */
export const deliverBatchJobId = (firstMessageId: string) => `deliver-batch-${firstMessageId}`

/** Messages per batch job: one claim, one policy read and one write of the outcomes for all of them. */
export const DELIVERY_BATCH_SIZE = 100

export const DEFAULT_RETRY = { attempts: 8, backoffMs: 5_000 }

export type DeliverPayload = {
  messageId: string
  /** The type's retry policy at enqueue time: the task must know which run is the last. */
  attempts: number
  backoffMs: number
  /** Runs the message had before this job (a follow-up of a batch): run numbers go on from there. */
  runsBefore?: number
}

export type DeliverBatchPayload = { messageIds: string[] }

export function retryOf(type: { retry?: { attempts?: number; backoffMs?: number } } | undefined) {
  return {
    attempts: type?.retry?.attempts ?? DEFAULT_RETRY.attempts,
    backoffMs: type?.retry?.backoffMs ?? DEFAULT_RETRY.backoffMs,
  }
}
