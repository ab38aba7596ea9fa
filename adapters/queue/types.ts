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
  /** Idempotency: a second enqueue with the same id while the first is waiting, delayed, running or
   *  recently completed is ignored (`duplicate: true`). No ':' and not a bare integer (BullMQ rules). */
  jobId?: string
  delayMs?: number
  /** BullMQ semantics: 0 (default) runs before any prioritized job; among those, lower runs first. */
  priority?: number
} & Partial<RetryPolicy>

/** What a runner consumes, by task name. `retry` is the task's policy; enqueue options override it. */
export type TaskHandlers = Record<string, { handler: JobHandler; concurrency?: number; retry?: Partial<RetryPolicy> }>

export type EnqueueResult = { jobId: string; duplicate: boolean }

export type BulkJob = { payload: unknown; options?: EnqueueOptions }

export interface QueueRunner {
  readonly kind: 'inline' | 'bullmq'
  enqueue(taskName: string, payload: unknown, options?: EnqueueOptions): Promise<EnqueueResult>
  /** Many jobs of one task in one round trip (BullMQ addBulk); results in the same order. */
  enqueueMany(taskName: string, jobs: readonly BulkJob[]): Promise<EnqueueResult[]>
  /** Starts consuming jobs for these handlers (in-process for inline, a Worker per task for BullMQ). */
  startWorkers(handlers: TaskHandlers): Promise<void>
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

// Defaults and rules both runners share, so a task behaves the same inline and on BullMQ.

/** Used when neither the enqueue options nor the task's policy say otherwise: no retry (BullMQ's default). */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 1, backoffMs: 1000 }

/** Jobs of one task run in parallel up to this unless the task sets `concurrency`. */
export const DEFAULT_CONCURRENCY = 5

/** Completed job ids are kept this long (and at most this many) so that a late duplicate is still ignored.
 *  Failed jobs are forgotten at once: re-enqueueing a failed id (e.g. rebuilding from the database) runs it. */
export const KEEP_COMPLETED = { ageMs: 24 * 60 * 60 * 1000, count: 10_000 }

/** Mirrors BullMQ's limit so the inline runner rejects what production would reject. */
export const MAX_PRIORITY = 2_097_151

export function validateEnqueue(taskName: string, options: EnqueueOptions) {
  const { jobId, priority = 0, delayMs = 0, attempts, backoffMs } = options
  const fail = (why: string) => {
    throw new Error(`Cannot enqueue "${taskName}": ${why}`)
  }
  if (jobId !== undefined) {
    if (!jobId || jobId.includes(':')) fail(`jobId "${jobId}" must be non-empty and must not contain ':'`)
    if (/^-?\d+$/.test(jobId)) fail(`jobId "${jobId}" must not be a bare integer (prefix it, e.g. "message-${jobId}")`)
  }
  if (!Number.isInteger(priority) || priority < 0 || priority > MAX_PRIORITY) fail(`priority must be an integer 0..${MAX_PRIORITY}`)
  if (!(delayMs >= 0)) fail('delayMs must be >= 0')
  if (attempts !== undefined && !(Number.isInteger(attempts) && attempts >= 1)) fail('attempts must be an integer >= 1')
  if (backoffMs !== undefined && !(backoffMs >= 0)) fail('backoffMs must be >= 0')
}

/** Enqueue options win over the task's policy, which wins over the defaults. */
export function resolveRetry(...policies: (Partial<RetryPolicy> | undefined)[]): RetryPolicy {
  const resolved = { ...DEFAULT_RETRY }
  for (const policy of policies) {
    if (policy?.attempts !== undefined) resolved.attempts = policy.attempts
    if (policy?.backoffMs !== undefined) resolved.backoffMs = policy.backoffMs
  }
  return resolved
}

/** Delay before the next run after run number `attempt` failed with `error`; null = give up. */
export function retryDelay(policy: RetryPolicy, attempt: number, error: unknown): number | null {
  if (error instanceof PermanentJobError || attempt >= policy.attempts) return null
  if (error instanceof RetryAfterError) return Math.max(0, error.retryAfterMs)
  return policy.backoffMs * 2 ** (attempt - 1)
}
