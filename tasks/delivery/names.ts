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

/**
 * A run put off by quiet hours until `untilMs` (one message's, or the part of a batch due then, named by
 * its first message): named after the job that put it off. A retry of that job adds nothing; a quiet job
 * that ran a moment early (a worker's clock behind) and is put off again is a new job, never one the queue
 * has seen (it would take that for a duplicate and drop it).
 */
export const quietJobId = (fromJobId: string, firstMessageId: string, untilMs: number) => `${fromJobId}-${firstMessageId}-quiet${untilMs}`

/** A fan-out batch is enqueued once, right after its messages were saved: its first message names it. */
export const deliverBatchJobId = (firstMessageId: string) => `deliver-batch-${firstMessageId}`

/** How long the delivery of a message sent inside a caller's transaction waits for the commit before its first run. */
export const IN_TRANSACTION_DELAY_MS = 2_000
/**
 * A run that finds no message saved inside a caller's transaction that has not ended waits again, each
 * wait twice the one before (2, 4, 8... 64 s: about two minutes in all); a transaction still open after
 * that leaves its messages to the sweeper. One that rolled back ends the waiting at once.
 */
export const COMMIT_WAITS = 6
export const commitWaitMs = (wait: number) => IN_TRANSACTION_DELAY_MS * 2 ** (wait - 1)
/** The job of a run that waits for a commit: its own, apart from the first run's. */
export const commitWaitJobId = (firstJobId: string, wait: number) => `${firstJobId}-commit${wait}`

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
  /** Saved inside a caller's transaction (PostgreSQL): a run that finds no message waits for its commit. */
  commit?: CommitWait
}

/** The caller's transaction (its id, adapters/database/transaction-fate.ts) and the waits for its commit so far. */
export type CommitWait = { xid: string; waits: number }

export type DeliverBatchPayload = {
  messageIds: string[]
  /** As DeliverPayload's: the batch was saved inside a caller's transaction. */
  commit?: CommitWait
}

export function retryOf(type: { retry?: { attempts?: number; backoffMs?: number } } | undefined) {
  return {
    attempts: type?.retry?.attempts ?? DEFAULT_RETRY.attempts,
    backoffMs: type?.retry?.backoffMs ?? DEFAULT_RETRY.backoffMs,
  }
}
