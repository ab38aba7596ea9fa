// The in-process queue of the embedded mode: same semantics as the BullMQ runner (ids, delay,
// priority, retries, concurrency), kept in memory, so jobs are lost when the process stops.
import {
  DEFAULT_CONCURRENCY,
  KEEP_COMPLETED,
  resolveRetry,
  retryDelay,
  validateEnqueue,
  type BulkJob,
  type EnqueueOptions,
  type EnqueueResult,
  type JobHandler,
  type QueueRunner,
  type RetryPolicy,
  type TaskHandlers,
} from './types'

type Job = {
  id: string
  task: string
  payload: unknown
  priority: number
  retry: Partial<RetryPolicy>
  /** Runs started so far. */
  runs: number
  /** FIFO order among jobs of equal priority; renewed each time the job re-enters the waiting list. */
  order: number
}

type Worker = { handler: JobHandler; concurrency: number; retry?: Partial<RetryPolicy>; running: number }

export type InlineQueueOptions = { log?: (line: string) => void }

export class InlineQueueRunner implements QueueRunner {
  readonly kind = 'inline'
  private readonly log: (line: string) => void
  private workers?: Map<string, Worker>
  private closed = false
  private seq = 0
  /** Per task, sorted: priority 0 first, then lower priority, then FIFO. */
  private readonly waiting = new Map<string, Job[]>()
  private readonly delayed = new Map<Job, NodeJS.Timeout>()
  private readonly running = new Set<Promise<void>>()
  /** Ids that are waiting, delayed or running. */
  private readonly known = new Set<string>()
  /** Completed ids with their finish time, oldest first (Map keeps insertion order). */
  private readonly completed = new Map<string, number>()
  private idleWaiters: (() => void)[] = []

  constructor(options: InlineQueueOptions = {}) {
    this.log = options.log ?? (line => console.warn(line))
  }

  async enqueue(taskName: string, payload: unknown, options: EnqueueOptions = {}): Promise<EnqueueResult> {
    if (this.closed) throw new Error(`Cannot enqueue "${taskName}": the queue runner is closed`)
    validateEnqueue(taskName, options)
    const id = options.jobId ?? `${taskName}-${++this.seq}`
    this.forgetOldCompleted()
    if (this.known.has(id) || this.completed.has(id)) return { jobId: id, duplicate: true }

    const job: Job = {
      id,
      task: taskName,
      payload,
      priority: options.priority ?? 0,
      retry: { attempts: options.attempts, backoffMs: options.backoffMs },
      runs: 0,
      order: 0,
    }
    this.known.add(id)
    if (options.delayMs) this.delay(job, options.delayMs)
    else this.makeWaiting(job)
    return { jobId: id, duplicate: false }
  }

  async enqueueMany(taskName: string, jobs: readonly BulkJob[]): Promise<EnqueueResult[]> {
    for (const job of jobs) validateEnqueue(taskName, job.options ?? {}) // all or nothing, as addBulk
    const results: EnqueueResult[] = []
    for (const job of jobs) results.push(await this.enqueue(taskName, job.payload, job.options))
    return results
  }

  async startWorkers(handlers: TaskHandlers) {
    if (this.workers) throw new Error('Workers are already started')
    this.workers = new Map(
      Object.entries(handlers).map(([task, h]) => [
        task,
        { handler: h.handler, retry: h.retry, concurrency: h.concurrency ?? DEFAULT_CONCURRENCY, running: 0 },
      ])
    )
    for (const task of this.workers.keys()) this.pump(task)
  }

  drain(timeoutMs = 30_000): Promise<void> {
    if (this.isIdle()) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter(w => w !== done)
        reject(new Error(`Inline queue did not drain within ${timeoutMs}ms`))
      }, timeoutMs)
      const done = () => {
        clearTimeout(timer)
        resolve()
      }
      this.idleWaiters.push(done)
    })
  }

  async ping() {
    return true
  }

  /** Idempotent: a second call waits for the first. */
  async close() {
    this.closed = true
    for (const timer of this.delayed.values()) clearTimeout(timer)
    this.delayed.clear()
    while (this.running.size) await Promise.allSettled([...this.running])
  }

  private delay(job: Job, ms: number) {
    const timer = setTimeout(() => {
      this.delayed.delete(job)
      this.makeWaiting(job)
    }, ms)
    timer.unref() // an embedded process may exit with delayed jobs pending: they live in memory anyway
    this.delayed.set(job, timer)
  }

  private makeWaiting(job: Job) {
    job.order = ++this.seq
    const list = this.waiting.get(job.task) ?? []
    const at = list.findIndex(other => other.priority > job.priority)
    list.splice(at === -1 ? list.length : at, 0, job)
    this.waiting.set(job.task, list)
    this.pump(job.task)
  }

  private pump(task: string) {
    const worker = this.workers?.get(task)
    const list = this.waiting.get(task)
    while (!this.closed && worker && list?.length && worker.running < worker.concurrency) {
      const job = list.shift()!
      worker.running++
      const run = this.run(job, worker).finally(() => {
        worker.running--
        this.running.delete(run)
        this.pump(task)
        this.notifyIfIdle()
      })
      this.running.add(run)
    }
  }

  private async run(job: Job, worker: Worker) {
    await new Promise(resolve => setImmediate(resolve)) // never run a handler inside the enqueue call, as BullMQ
    job.runs++
    const context = { jobId: job.id, attempt: job.runs, progress: async (_percent: number) => {} }
    try {
      await worker.handler(job.payload, context)
      this.known.delete(job.id)
      this.completed.set(job.id, Date.now())
    } catch (error) {
      const policy = resolveRetry(worker.retry, job.retry)
      const wait = this.closed ? null : retryDelay(policy, job.runs, error)
      if (wait === null) {
        this.known.delete(job.id)
        this.log(`[queue] ${job.task} job ${job.id} failed after ${job.runs} attempt(s): ${(error as Error)?.message ?? error}`)
      } else if (wait > 0) this.delay(job, wait)
      else this.makeWaiting(job)
    }
  }

  private isIdle() {
    return !this.delayed.size && !this.running.size && [...this.waiting.values()].every(list => !list.length)
  }

  private notifyIfIdle() {
    if (!this.idleWaiters.length || !this.isIdle()) return
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const done of waiters) done()
  }

  private forgetOldCompleted() {
    const oldest = Date.now() - KEEP_COMPLETED.ageMs
    for (const [id, finishedAt] of this.completed) {
      if (finishedAt >= oldest && this.completed.size <= KEEP_COMPLETED.count) break
      this.completed.delete(id)
    }
  }
}
