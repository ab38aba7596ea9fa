// The floor of a fan-out: the least I/O this design needs, measured in the same run as the pipeline
// (bench/run.ts). Messages inserted with multi-row INSERTs (chunks of the pipeline's size, as many
// producers), addBulk of batch jobs of 100 message ids, and a BullMQ worker (same concurrency as the
// delivery worker) inserting one MessageDelivery row per message with one multi-row INSERT per job.
// No validation, policy, rendering, transport or status bookkeeping: what is left is the database and
// the queue.
import crypto from 'node:crypto'
import pg from 'pg'
import { Queue, Worker } from 'bullmq'
import { Redis } from 'ioredis'

export type FloorOptions = { databaseUrl: string; schema: string; redisUrl: string; prefix: string; userIds: string[]; chunk: number; producers: number; concurrency: number }

const BATCH = 100

export async function floorRun(options: FloorOptions): Promise<number> {
  const n = options.userIds.length
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10, options: `-c search_path=${options.schema}` })
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null })
  const name = `floor-${crypto.randomBytes(3).toString('hex')}`
  const queue = new Queue(name, { connection, prefix: options.prefix })
  let delivered = 0
  let finish!: () => void
  const finished = new Promise<void>(resolve => (finish = resolve))
  const worker = new Worker(
    name,
    async job => {
      const ids: string[] = job.data.ids
      const rows = ids.map(id => ({ id: crypto.randomUUID(), message: id, channel: 'push', transport: 'bench', idempotencyKey: `message-${id}-push`, status: 'sent' }))
      await pool.query(
        `INSERT INTO "MessageDelivery" (id, message, channel, transport, "idempotencyKey", status)
         SELECT id, message, channel, transport, "idempotencyKey", status FROM json_to_recordset($1::json)
         AS v(id text, message text, channel text, transport text, "idempotencyKey" text, status text)`,
        [JSON.stringify(rows)]
      )
      delivered += ids.length
      if (delivered >= n) finish()
    },
    { connection: connection.duplicate(), prefix: options.prefix, concurrency: options.concurrency }
  )
  await worker.waitUntilReady()
  const started = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: options.producers }, async () => {
      while (next < n) {
        const from = next
        next += options.chunk
        const users = options.userIds.slice(from, from + options.chunk)
        const messages = users.map((user, i) => ({ id: crypto.randomUUID(), type: 'BENCH_FANOUT', user, recipientKey: `user-${user}`, meta: { title: 'Water', body: `Floor ${from + i}` } }))
        await pool.query(
          // status sent: the delivery worker's sweeper must not take these for stuck messages
          `INSERT INTO "Message" (id, type, "user", "recipientKey", meta, status)
           SELECT id, type, "user", "recipientKey", meta, 'sent' FROM json_to_recordset($1::json) AS v(id text, type text, "user" text, "recipientKey" text, meta jsonb)`,
          [JSON.stringify(messages)]
        )
        const jobs = []
        for (let i = 0; i < messages.length; i += BATCH) jobs.push({ name: 'deliver', data: { ids: messages.slice(i, i + BATCH).map(m => m.id) } })
        await queue.addBulk(jobs)
      }
    })
  )
  await finished
  const rate = n / ((performance.now() - started) / 1000)
  await worker.close()
  await queue.obliterate({ force: true })
  await queue.close()
  connection.disconnect()
  await pool.end()
  return rate
}
