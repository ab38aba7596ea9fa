// BullMQ-only behaviour: graceful shutdown across processes (needs REDIS_URL) and lazy connections.
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { BullmqQueueRunner } from '../../../adapters/queue/bullmq'
import { deferred, deleteRedisPrefix, REDIS_URL, sleep, testPrefix } from './helpers'

const prefix = testPrefix('bullmq')
const quiet = () => {}

afterAll(async () => {
  if (REDIS_URL) await deleteRedisPrefix(REDIS_URL, prefix)
})

describe('BullMQ runner without Redis', () => {
  // Nothing listens on port 1: connection attempts fail at once.
  const unreachable = 'redis://127.0.0.1:1'

  test('constructing and closing it opens no connection', async () => {
    const lines: string[] = []
    const queue = new BullmqQueueRunner({ redisUrl: unreachable, prefix, log: line => lines.push(line) })
    await sleep(50)
    await queue.close()
    expect(lines).toEqual([])
  })

  test('ping() answers false quickly instead of hanging', async () => {
    const queue = new BullmqQueueRunner({ redisUrl: unreachable, prefix, log: quiet })
    const started = Date.now()
    expect(await queue.ping()).toBe(false)
    expect(Date.now() - started).toBeLessThan(5_000)
    await queue.close()
  })
})

;(REDIS_URL ? describe : describe.skip)('BullMQ runner graceful shutdown', () => {
  test('a job running when close() is called completes and is not run again by the next worker', async () => {
    const task = 'shutdown-task'
    const started = deferred()
    let runs = 0
    let finished = false

    const first = new BullmqQueueRunner({ redisUrl: REDIS_URL!, prefix, log: quiet })
    await first.startWorkers({
      [task]: {
        handler: async () => {
          runs++
          started.resolve()
          await sleep(300)
          finished = true
        },
      },
    })
    await first.enqueue(task, {}, { jobId: 'slow-1' })
    await started.promise
    await first.close()
    expect(finished).toBe(true)

    // A worker started after the shutdown (a redeploy) finds nothing to do: the job is recorded as completed.
    const redis = new Redis(REDIS_URL!)
    const inspect = new Queue(task, { connection: redis, prefix })
    try {
      expect(await inspect.getJobState('slow-1')).toBe('completed')
      const second = new BullmqQueueRunner({ redisUrl: REDIS_URL!, prefix, log: quiet })
      await second.startWorkers({ [task]: { handler: async () => void runs++ } })
      expect(await second.enqueue(task, {}, { jobId: 'slow-1' })).toMatchObject({ duplicate: true })
      await second.drain(10_000)
      await second.close()
      expect(runs).toBe(1)
    } finally {
      await inspect.close()
      redis.disconnect()
    }
  })
})
