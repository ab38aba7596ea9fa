// One behaviour suite for both queue runners: the inline one always, BullMQ when REDIS_URL is set.
// Timing assertions are lower bounds only (plus generous upper bounds), so a loaded machine cannot fail them.
import { BullmqQueueRunner } from '../../../adapters/queue/bullmq'
import { InlineQueueRunner } from '../../../adapters/queue/inline'
import { PermanentJobError, RetryAfterError, type JobContext, type QueueRunner } from '../../../adapters/queue/types'
import { deferred, deleteRedisPrefix, REDIS_URL, SLACK_MS, sleep, testPrefix } from './helpers'

const prefix = testPrefix('queue')
const quiet = () => {}

const variants: [string, () => QueueRunner][] = [
  ['inline', () => new InlineQueueRunner({ log: quiet })],
  ['bullmq', () => new BullmqQueueRunner({ redisUrl: REDIS_URL!, prefix, log: quiet })],
]

afterAll(async () => {
  if (REDIS_URL) await deleteRedisPrefix(REDIS_URL, prefix)
})

describe.each(variants.filter(([kind]) => kind === 'inline' || REDIS_URL))('%s queue runner', (kind, make) => {
  const open: QueueRunner[] = []
  let taskCount = 0
  /** Every test gets its own task name, hence its own BullMQ queue. */
  const newTask = () => `${kind}-task-${++taskCount}`
  const runner = () => {
    const created = make()
    open.push(created)
    return created
  }

  afterEach(async () => {
    await Promise.all(open.splice(0).map(r => r.close()))
  })

  test('retries with exponential backoff, passing the attempt number', async () => {
    const queue = runner()
    const task = newTask()
    const runs: { attempt: number; at: number }[] = []
    await queue.startWorkers({
      [task]: {
        handler: async (_payload, job) => {
          runs.push({ attempt: job.attempt, at: Date.now() })
          if (job.attempt < 3) throw new Error('transient')
        },
      },
    })
    await queue.enqueue(task, {}, { attempts: 3, backoffMs: 60 })
    await queue.drain(10_000)

    expect(runs.map(r => r.attempt)).toEqual([1, 2, 3])
    expect(runs[1].at - runs[0].at).toBeGreaterThanOrEqual(60 - SLACK_MS)
    expect(runs[2].at - runs[1].at).toBeGreaterThanOrEqual(120 - SLACK_MS)
  })

  test("applies the task's retry policy when the enqueue does not set one, and gives up after it", async () => {
    const queue = runner()
    const task = newTask()
    let runs = 0
    await queue.startWorkers({
      [task]: {
        retry: { attempts: 2, backoffMs: 10 },
        handler: async () => {
          runs++
          throw new Error('always')
        },
      },
    })
    await queue.enqueue(task, {})
    await queue.drain(10_000)
    expect(runs).toBe(2)
  })

  test('honours RetryAfterError instead of the backoff', async () => {
    const queue = runner()
    const task = newTask()
    const at: number[] = []
    await queue.startWorkers({
      [task]: {
        handler: async (_payload, job) => {
          at.push(Date.now())
          if (job.attempt === 1) throw new RetryAfterError('rate limited', 150)
        },
      },
    })
    await queue.enqueue(task, {}, { attempts: 2, backoffMs: 60_000 })
    await queue.drain(20_000) // far below the 60 s backoff: the retry-after delay was used

    expect(at).toHaveLength(2)
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(150 - SLACK_MS)
  })

  test('PermanentJobError stops after one attempt', async () => {
    const queue = runner()
    const task = newTask()
    let runs = 0
    await queue.startWorkers({
      [task]: {
        handler: async () => {
          runs++
          throw new PermanentJobError('invalid address')
        },
      },
    })
    await queue.enqueue(task, {}, { attempts: 5, backoffMs: 10 })
    await queue.drain(10_000)
    expect(runs).toBe(1)
  })

  test('a delayed job does not run before its delay', async () => {
    const queue = runner()
    const task = newTask()
    let startedAt = 0
    await queue.startWorkers({ [task]: { handler: async () => void (startedAt = Date.now()) } })
    const enqueuedAt = Date.now()
    await queue.enqueue(task, { hello: 'world' }, { delayMs: 150 })
    await queue.drain(10_000)
    expect(startedAt - enqueuedAt).toBeGreaterThanOrEqual(150 - SLACK_MS)
  })

  test('a duplicate jobId is ignored while the job is known, also once it completed', async () => {
    const queue = runner()
    const task = newTask()
    const payloads: unknown[] = []
    expect(await queue.enqueue(task, { n: 1 }, { jobId: 'message-1' })).toEqual({ jobId: 'message-1', duplicate: false })
    expect(await queue.enqueue(task, { n: 2 }, { jobId: 'message-1' })).toEqual({ jobId: 'message-1', duplicate: true })

    await queue.startWorkers({ [task]: { handler: async payload => void payloads.push(payload) } })
    await queue.drain(10_000)
    expect(await queue.enqueue(task, { n: 3 }, { jobId: 'message-1' })).toEqual({ jobId: 'message-1', duplicate: true })
    expect(await queue.enqueue(task, { n: 4 }, { jobId: 'message-2' })).toMatchObject({ duplicate: false })
    await queue.drain(10_000)

    expect(payloads).toEqual([{ n: 1 }, { n: 4 }])
  })

  test('enqueueMany adds jobs in order with their own options, ignoring known ids, and validates all before adding any', async () => {
    const queue = runner()
    const task = newTask()
    const seen: unknown[] = []
    await queue.enqueue(task, { n: 0 }, { jobId: 'batch-known' })
    await expect(
      queue.enqueueMany(task, [{ payload: { n: 9 }, options: { jobId: 'batch-fine' } }, { payload: {}, options: { jobId: 'bad:id' } }])
    ).rejects.toThrow(/must not contain ':'/)
    // read before the call: the delay starts inside it, so this is a true lower bound on a loaded machine too
    const beforeEnqueue = Date.now()
    const results = await queue.enqueueMany(task, [
      { payload: { n: 1 }, options: { jobId: 'batch-a' } },
      { payload: { n: 2 }, options: { jobId: 'batch-known' } },
      { payload: { n: 3 } },
      { payload: { n: 4 }, options: { jobId: 'batch-late', delayMs: 150 } },
    ])
    expect(results.map(r => r.duplicate)).toEqual([false, true, false, false])
    expect(results[0].jobId).toBe('batch-a')
    expect(results[2].jobId).toEqual(expect.any(String))
    let lateAt = 0
    await queue.startWorkers({
      [task]: {
        handler: async (payload: any) => {
          seen.push(payload)
          if (payload.n === 4) lateAt = Date.now()
        },
      },
    })
    await queue.drain(10_000)
    expect(seen).toEqual([{ n: 0 }, { n: 1 }, { n: 3 }, { n: 4 }]) // never the invalid call's first job
    expect(lateAt - beforeEnqueue).toBeGreaterThanOrEqual(150 - SLACK_MS)
  })

  test('a failed job is forgotten, so its id can be enqueued again (e.g. when rebuilding from the database)', async () => {
    const queue = runner()
    const task = newTask()
    let runs = 0
    await queue.startWorkers({
      [task]: {
        handler: async () => {
          if (++runs === 1) throw new PermanentJobError('first run fails')
        },
      },
    })
    await queue.enqueue(task, {}, { jobId: 'message-9' })
    await queue.drain(10_000)
    expect(await queue.enqueue(task, {}, { jobId: 'message-9' })).toMatchObject({ duplicate: false })
    await queue.drain(10_000)
    expect(runs).toBe(2)
  })

  test('rejects job ids BullMQ cannot store', async () => {
    const queue = runner()
    await expect(queue.enqueue(newTask(), {}, { jobId: 'message:1' })).rejects.toThrow(/must not contain ':'/)
    await expect(queue.enqueue(newTask(), {}, { jobId: '42' })).rejects.toThrow(/bare integer/)
  })

  test('runs waiting jobs by priority once workers start: none first, then lower numbers, FIFO within one', async () => {
    const queue = runner()
    const task = newTask()
    const order: string[] = []
    for (const [name, priority] of [['p3', 3], ['p1', 1], ['p2', 2], ['none', 0], ['p1-later', 1]] as const) {
      await queue.enqueue(task, name, { priority })
    }
    await sleep(20)
    expect(order).toEqual([]) // nothing runs before startWorkers

    await queue.startWorkers({ [task]: { concurrency: 1, handler: async payload => void order.push(payload) } })
    await queue.drain(10_000)
    expect(order).toEqual(['none', 'p1', 'p1-later', 'p2', 'p3'])
  })

  test('runs up to the concurrency in parallel', async () => {
    const queue = runner()
    const task = newTask()
    let running = 0
    let peak = 0
    await queue.startWorkers({
      [task]: {
        concurrency: 3,
        handler: async () => {
          peak = Math.max(peak, ++running)
          await sleep(50)
          running--
        },
      },
    })
    for (let i = 0; i < 6; i++) await queue.enqueue(task, i)
    await queue.drain(10_000)
    expect(peak).toBeLessThanOrEqual(3)
    expect(peak).toBeGreaterThan(1)
  })

  test('progress is callable from a handler', async () => {
    const queue = runner()
    const task = newTask()
    let done = false
    await queue.startWorkers({
      [task]: {
        handler: async (_payload, job: JobContext) => {
          await job.progress(50)
          await job.progress(100)
          done = true
        },
      },
    })
    await queue.enqueue(task, {})
    await queue.drain(10_000)
    expect(done).toBe(true)
  })

  test('close() waits for a running job to finish', async () => {
    const queue = runner()
    const task = newTask()
    const started = deferred()
    let finished = false
    await queue.startWorkers({
      [task]: {
        handler: async () => {
          started.resolve()
          await sleep(200)
          finished = true
        },
      },
    })
    await queue.enqueue(task, {})
    await started.promise
    await queue.close()
    expect(finished).toBe(true)
    await expect(queue.enqueue(task, {})).rejects.toThrow(/closed/)
  })

  test('drain() resolves once everything ran, and rejects on timeout while jobs wait', async () => {
    const queue = runner()
    const task = newTask()
    await queue.enqueue(task, {})
    await expect(queue.drain(100)).rejects.toThrow(/drain/)

    let runs = 0
    await queue.startWorkers({ [task]: { handler: async () => void runs++ } })
    for (let i = 0; i < 4; i++) await queue.enqueue(task, {})
    await queue.drain(10_000)
    expect(runs).toBe(5)
  })

  test('ping() answers true', async () => {
    expect(await runner().ping()).toBe(true)
  })
})
