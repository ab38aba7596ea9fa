// The production queue: one BullMQ queue per task (queue name = task name) in Redis, so many API
// instances can enqueue and many worker processes can consume side by side.
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { Queue, UnrecoverableError, Worker, type MinimalJob } from 'bullmq'
import { Redis } from 'ioredis'
import {
  DEFAULT_CONCURRENCY,
  KEEP_COMPLETED,
  PermanentJobError,
  resolveRetry,
  retryDelay,
  validateEnqueue,
  type BulkJob,
  type EnqueueOptions,
  type EnqueueResult,
  type QueueRunner,
  type RetryPolicy,
  type TaskHandlers,
} from './types'

/** The stored job data: the payload plus what the runner itself needs. */
type Envelope = {
  payload: unknown
  /** Unique per enqueue call: BullMQ answers a duplicate id with the same id, so we read back whose data is stored. */
  enqueueId: string
  /** Explicit enqueue options; the worker merges them over the task's policy. */
  retry: Partial<RetryPolicy>
}

/** Our backoff type: the worker's strategy applies the task's policy and honours RetryAfterError. */
const BACKOFF_TYPE = 'cms'
/** The task's policy is known only to the worker process, so a job not given `attempts` at enqueue time
 *  allows this many runs and the worker's strategy stops it earlier (by returning -1). */
const ATTEMPTS_CEILING = 1000

export type BullmqQueueOptions = {
  redisUrl: string
  /** Key prefix in Redis, so several deployments (or test runs) can share one server. */
  prefix: string
  log?: (line: string) => void
}

export class BullmqQueueRunner implements QueueRunner {
  readonly kind = 'bullmq'
  private readonly log: (line: string) => void
  private readonly queues = new Map<string, Queue>()
  private readonly workers = new Map<string, Worker>()
  private handlers: TaskHandlers = {}
  private producerClient?: Redis
  private workerTemplate?: Redis
  private closing?: Promise<void>
  private lastError = ''

  constructor(private readonly options: BullmqQueueOptions) {
    this.log = options.log ?? (line => console.warn(line))
  }

  async enqueue(taskName: string, payload: unknown, options: EnqueueOptions = {}): Promise<EnqueueResult> {
    const [result] = await this.enqueueMany(taskName, [{ payload, options }])
    return result
  }

  async enqueueMany(taskName: string, jobs: readonly BulkJob[]): Promise<EnqueueResult[]> {
    if (this.closing) throw new Error(`Cannot enqueue "${taskName}": the queue runner is closed`)
    for (const job of jobs) validateEnqueue(taskName, job.options ?? {})
    if (!jobs.length) return []
    const envelopes = jobs.map(({ payload, options = {} }): Envelope => ({
      payload,
      enqueueId: randomUUID(),
      retry: { attempts: options.attempts, backoffMs: options.backoffMs },
    }))
    const queue = this.queue(taskName)
    const added = await queue.addBulk(
      jobs.map(({ options = {} }, i) => ({
        name: taskName,
        data: envelopes[i],
        opts: {
          jobId: options.jobId,
          delay: options.delayMs,
          priority: options.priority,
          attempts: options.attempts ?? ATTEMPTS_CEILING,
          backoff: { type: BACKOFF_TYPE },
          removeOnComplete: { age: KEEP_COMPLETED.ageMs / 1000, count: KEEP_COMPLETED.count },
          removeOnFail: true,
        },
      }))
    )
    // BullMQ answers a duplicate id with the same id: read back whose envelope is stored (one round trip).
    // No hash left means the job already ran and was removed: it was ours.
    const named = jobs.map((job, i) => (job.options?.jobId ? i : -1)).filter(i => i !== -1)
    const stored = new Map<number, string | null>()
    if (named.length) {
      const pipeline = this.producer().pipeline()
      for (const i of named) pipeline.hget(queue.toKey(jobs[i].options!.jobId!), 'data')
      const replies = (await pipeline.exec()) ?? []
      named.forEach((i, n) => {
        const [error, value] = replies[n] ?? [null, null]
        if (error) throw error
        stored.set(i, value as string | null)
      })
    }
    return jobs.map((job, i) => {
      if (!job.options?.jobId) return { jobId: added[i].id!, duplicate: false }
      const data = stored.get(i)
      return { jobId: job.options.jobId, duplicate: data != null && (JSON.parse(data) as Envelope).enqueueId !== envelopes[i].enqueueId }
    })
  }

  async startWorkers(handlers: TaskHandlers) {
    if (this.closing) throw new Error('Cannot start workers: the queue runner is closed')
    if (this.workers.size) throw new Error('Workers are already started')
    this.handlers = handlers
    for (const [task, { handler, concurrency }] of Object.entries(handlers)) {
      const worker = new Worker<Envelope>(
        task,
        async job => {
          const context = { jobId: job.id!, attempt: job.attemptsMade + 1, progress: (p: number) => job.updateProgress(p) }
          try {
            return await handler(job.data.payload, context)
          } catch (error) {
            if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message)
            throw error
          }
        },
        {
          connection: this.workerConnection(),
          prefix: this.options.prefix,
          concurrency: concurrency ?? DEFAULT_CONCURRENCY,
          settings: { backoffStrategy: (attempt, _type, error, job) => this.backoff(attempt, error, job) },
        }
      )
      worker.on('error', error => this.reportError(`worker ${task}`, error))
      worker.on('failed', (job, error) => {
        // Also emitted before each retry; finishedOn is set only when the job has failed for good.
        if (job?.finishedOn) this.log(`[queue] ${task} job ${job.id} failed after ${job.attemptsMade} attempt(s): ${error.message}`)
      })
      this.workers.set(task, worker)
    }
    await Promise.all([...this.workers.values()].map(w => w.waitUntilReady()))
  }

  async drain(timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs
    const names = new Set([...this.queues.keys(), ...Object.keys(this.handlers)])
    for (;;) {
      const counts = await Promise.all(
        [...names].map(name => this.queue(name).getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'waiting-children'))
      )
      if (counts.every(byState => Object.values(byState).every(n => n === 0))) return
      if (Date.now() > deadline) throw new Error(`BullMQ queues did not drain within ${timeoutMs}ms`)
      await sleep(25)
    }
  }

  async ping(timeoutMs = 1000) {
    const signal = AbortSignal.timeout(timeoutMs)
    try {
      const client = this.producer()
      // Without the offline queue a command sent while connecting fails at once: wait for ready first.
      if (client.status !== 'ready') await once(client, 'ready', { signal })
      const timedOut = once(signal, 'abort').then(() => 'timeout')
      return (await Promise.race([client.ping(), timedOut])) === 'PONG'
    } catch {
      return false
    }
  }

  /** Idempotent: a second call waits for the first. */
  close() {
    return (this.closing ??= this.shutdown())
  }

  private async shutdown() {
    // Worker.close() waits for the active jobs to finish and records their results.
    await Promise.all([...this.workers.values()].map(w => w.close()))
    await Promise.all([...this.queues.values()].map(q => q.close()))
    this.workerTemplate?.disconnect()
    const client = this.producerClient
    await client?.quit().catch(() => client.disconnect())
  }

  private backoff(attempt: number, error: Error | undefined, job: MinimalJob | undefined) {
    const envelope = job?.data as Envelope | undefined
    const policy = resolveRetry(job && this.handlers[job.queueName]?.retry, envelope?.retry)
    return retryDelay(policy, attempt, error) ?? -1 // -1 tells BullMQ not to retry
  }

  private queue(taskName: string) {
    let queue = this.queues.get(taskName)
    if (!queue) {
      queue = new Queue(taskName, { connection: this.producer(), prefix: this.options.prefix })
      queue.on('error', error => this.reportError(`queue ${taskName}`, error))
      this.queues.set(taskName, queue)
    }
    return queue
  }

  /** Shared by the queues. No offline queue: an enqueue fails fast while Redis is unreachable. */
  private producer() {
    if (!this.producerClient) {
      this.producerClient = new Redis(this.options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
      this.producerClient.on('error', error => this.reportError('redis', error))
    }
    return this.producerClient
  }

  /** Never connects itself: each Worker duplicates it (BullMQ needs maxRetriesPerRequest: null there). */
  private workerConnection() {
    this.workerTemplate ??= new Redis(this.options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: null })
    return this.workerTemplate
  }

  /** Redis errors repeat on every reconnect attempt: log each distinct one once. */
  private reportError(where: string, error: Error) {
    const line = `[queue] ${where}: ${error.message}`
    if (line !== this.lastError) this.log(line)
    this.lastError = line
  }
}
