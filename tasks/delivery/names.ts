// Names shared by sendMessage, the delivery task and the sweeper (kept apart to avoid import cycles).
export const DELIVER_TASK = 'deliverMessage'
export const SWEEP_TASK = 'sweepMessages'
export const DEV_OUTBOX = 'devOutbox'

/** BullMQ-safe (no ':', never a bare integer). The generation is bumped by each sweeper re-enqueue, so a
 *  message whose job completed or vanished can be enqueued again; within one generation it is deduplicated. */
export const deliverJobId = (messageId: string, generation: number) => `deliver-${messageId}-${generation}`

export const DEFAULT_RETRY = { attempts: 8, backoffMs: 5_000 }

export type DeliverPayload = {
  messageId: string
  /** The type's retry policy at enqueue time: the task must know which run is the last. */
  attempts: number
  backoffMs: number
}

export function retryOf(type: { retry?: { attempts?: number; backoffMs?: number } } | undefined) {
  return {
    attempts: type?.retry?.attempts ?? DEFAULT_RETRY.attempts,
    backoffMs: type?.retry?.backoffMs ?? DEFAULT_RETRY.backoffMs,
  }
}
