// The queue contract both runners (inline and BullMQ) honour. Lives at the bottom so that
// tasks/ and plugins/ depend on it, never the other way round.

export type JobContext = {
  jobId: string
  /** 1 on the first run, 2 on the first retry, ... */
  attempt: number
  /** Reports progress (0-100) where the runner can store it. */
  progress(percent: number): Promise<void>
}

export type JobHandler<P = any> = (payload: P, job: JobContext) => Promise<unknown>

export type RetryPolicy = {
  /** Total runs including the first. */
  attempts: number
  /** First retry delay; doubles on each further retry. */
  backoffMs: number
}

export type EnqueueOptions = {
  /** Idempotency: a second enqueue with the same id while the first is known is ignored. No ':' allowed. */
  jobId?: string
  delayMs?: number
  /** Lower runs first (BullMQ semantics); default 0 = normal. */
  priority?: number
} & Partial<RetryPolicy>

export type EnqueueResult = { jobId: string; duplicate: boolean }

export interface QueueRunner {
  readonly kind: 'inline' | 'bullmq'
  enqueue(taskName: string, payload: unknown, options?: EnqueueOptions): Promise<EnqueueResult>
  /** Starts consuming jobs for these handlers (in-process for inline, a Worker per task for BullMQ). */
  startWorkers(handlers: Record<string, { handler: JobHandler; concurrency?: number; retry?: Partial<RetryPolicy> }>): Promise<void>
  /** Resolves when nothing is waiting, delayed or running (tests and benchmarks). */
  drain(timeoutMs?: number): Promise<void>
  ping(): Promise<boolean>
  /** Stops taking jobs, lets running ones finish (or releases them), closes connections. */
  close(): Promise<void>
}

/** Throw from a handler to retry after a provider-given delay instead of the exponential backoff. */
export class RetryAfterError extends Error {
  name = 'RetryAfterError'
  constructor(
    message: string,
    readonly retryAfterMs: number
  ) {
    super(message)
  }
}

/** Throw from a handler to stop retrying at once. */
export class PermanentJobError extends Error {
  name = 'PermanentJobError'
}
