// Broadcast benchmark: one broadcast to N residents (default 100,000) on PostgreSQL + BullMQ, from
// sendBroadcast to every message delivered to a counting transport in a separate worker process, next
// to the floor this design needs for the same count, measured in the same run: one multi-row insert of
// the message rows and their delivery rows, addBulk of the batch jobs (100 messages each), drained by
// no-op workers as many as the delivery batch task runs.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> REDIS_URL=redis://127.0.0.1:6379 \
//     npm run bench:broadcast -- [--n 100000] [--runs 3]
//
// generated/ must be built for PostgreSQL (`DATABASE_URL=... npm run generate`). The schema is pushed
// into a throwaway database next to DATABASE_URL's (bench_broadcast_<pid>, dropped afterwards: PostgreSQL's
// CPU is counted for every backend of it); Redis keys live under a unique prefix.
import type { ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { Queue, Worker } from 'bullmq'
import { Redis } from 'ioredis'
import { getContext } from '@keystone-6/core/context'
import { stripSchemaParam } from '../adapters/database'
import { insertMany } from '../adapters/database/insert-many'
import { push } from '../adapters/database/schema-engine'
import * as PrismaModule from '../generated/prisma/client'
import { buildConfig } from '../config'
import { bindRegistry, configRegistry } from '../plugins/kernel'
import { recipientCountOf, recipientReachOf } from '../plugins/broadcasts/count'
import { sendBroadcast } from '../plugins/broadcasts/send'
import { deliverMessagesTask } from '../tasks/deliver-message'
import { DELIVERY_BATCH_SIZE } from '../tasks/delivery/names'
import { countFlag } from './lib/args'
import { PhaseCpu } from './lib/cpu'
import { result } from './lib/result'
import { startWorkerProcess } from './lib/worker-process'
import { benchPlugin } from './plugin'

const ROOT = path.resolve(__dirname, '..')

const N = countFlag('n', 100_000)
// three by default, their medians printed: one run's ratio moved by a third between runs of the same code
// on this machine (2026-11-29: 28.6-43.0% for one commit over five runs), more than most changes move it
const RUNS = countFlag('runs', 3)
/** The delivery batch task's concurrency (tasks/deliver-message.ts): the floor's workers get as many. */
const FLOOR_CONCURRENCY = deliverMessagesTask.concurrency ?? 1
const ROWS_PER_STATEMENT = 10_000

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))
const seconds = (from: number) => (performance.now() - from) / 1000

const MESSAGE_ROW = {
  model: 'message',
  table: 'Message',
  columns: { id: 'text', type: 'text', userId: { column: 'user', type: 'text' }, recipientKey: 'text', organizationId: { column: 'organization', type: 'text' }, locale: 'text', meta: 'jsonb', isSecret: 'boolean', uniqKey: 'text', status: 'text', trace: 'jsonb', generation: 'integer', createdAt: 'timestamp(3)', dueAt: 'timestamp(3)' },
} as const
const DELIVERY_ROW = {
  model: 'messageDelivery',
  table: 'MessageDelivery',
  columns: { id: 'text', messageId: { column: 'message', type: 'text' }, channel: 'text', transport: 'text', addressHint: 'text', idempotencyKey: 'text', status: 'text', attempts: 'integer', providerMessageId: 'text', error: 'text', updatedAt: 'timestamp(3)' },
} as const

/** The least work: the rows written in one transaction of multi-row inserts, the batch jobs added in one addBulk, drained by no-op workers. */
async function floor(prisma: any, redisUrl: string, prefix: string, users: string[], organizationId: string, run: number) {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null })
  const name = `floor-${crypto.randomBytes(3).toString('hex')}`
  const queue = new Queue(name, { connection, prefix })
  const jobs = Math.ceil(users.length / DELIVERY_BATCH_SIZE)
  let done = 0
  let finish!: () => void
  const finished = new Promise<void>(resolve => (finish = resolve))
  const worker = new Worker(name, async () => {}, { connection: connection.duplicate(), prefix, concurrency: FLOOR_CONCURRENCY })
  worker.on('completed', () => ++done === jobs && finish())
  await worker.waitUntilReady()
  const started = performance.now()
  const now = new Date()
  const meta = { title: 'Water off Saturday 9-12', body: 'The main valve is replaced.' }
  const messages = users.map((userId, i) => ({
    id: crypto.randomUUID(), type: 'FLOOR', userId, recipientKey: `user-${userId}`, organizationId, locale: 'en', meta, isSecret: false,
    uniqKey: `floor-${run}`, status: 'sent', trace: [], generation: 1, createdAt: now, dueAt: now, i,
  })).map(({ i: _i, ...row }) => row)
  const deliveries = messages.map(m => ({
    id: crypto.randomUUID(), messageId: m.id, channel: 'push', transport: 'floor', addressHint: '…', idempotencyKey: `floor-${m.id}`, status: 'sent', attempts: 1, providerMessageId: 'x', error: '', updatedAt: now,
  }))
  const parts = <T>(rows: T[]) => Array.from({ length: Math.ceil(rows.length / ROWS_PER_STATEMENT) }, (_, i) => rows.slice(i * ROWS_PER_STATEMENT, (i + 1) * ROWS_PER_STATEMENT))
  // one transaction (its timeout raised: 200,000 rows on a busy machine take longer than Prisma's default 5 s)
  await prisma.$transaction([...parts(messages).map(p => insertMany(prisma, MESSAGE_ROW, p)), ...parts(deliveries).map(p => insertMany(prisma, DELIVERY_ROW, p))], { timeout: 600_000, maxWait: 60_000 } as any)
  await queue.addBulk(Array.from({ length: jobs }, (_, j) => ({ name: 'batch', data: { messageIds: messages.slice(j * DELIVERY_BATCH_SIZE, (j + 1) * DELIVERY_BATCH_SIZE).map(m => m.id) }, opts: { jobId: `floor-${run}-${j}`, removeOnComplete: true } })))
  await finished
  const elapsed = seconds(started)
  await worker.close()
  await queue.obliterate({ force: true })
  await queue.close()
  connection.disconnect()
  return elapsed
}

/**
 * Each phase starts from a checkpoint: the WAL the set-up (or the other phase) wrote then never triggers
 * one in the middle of a phase, at a point that changed from run to run (PostgreSQL's checkpoints are
 * triggered by WAL volume; after one, the first change to each page writes the whole page to the WAL).
 * Measured here before: the same code from 28.6% to 39.9% of the floor between two runs. Needs a role
 * allowed to CHECKPOINT (superuser or pg_checkpoint); without one the phases are measured as they come.
 */
async function checkpoint(client: pg.Client) {
  await client.query('CHECKPOINT').catch((error: Error) => console.warn(`  (no CHECKPOINT before the phase: ${error.message})`))
}

/** The bench worker (bench/worker.ts: the real worker with the bench plugin), bundled and started as `npm run worker` starts the product's. */
function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  return startWorkerProcess('bench/worker.ts', env, 'bench-worker ready')
}

/** The worker's transport count (all runs so far) and peak RSS, asked with a signal. */
function workerStats(child: ChildProcess): Promise<{ sends: number; peakRssMb: number }> {
  return new Promise(resolve => {
    const listener = (chunk: Buffer) => {
      const match = /stats (\d+) (\d+)/.exec(String(chunk))
      if (!match) return
      child.stdout!.off('data', listener)
      resolve({ sends: Number(match[1]), peakRssMb: Number(match[2]) / 1024 })
    }
    child.stdout!.on('data', listener)
    child.kill('SIGUSR2')
  })
}

async function deleteRedisPrefix(redisUrl: string, prefix: string) {
  const redis = new Redis(redisUrl)
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000)
    if (keys.length) await redis.del(...keys)
    cursor = next
  } while (cursor !== '0')
  redis.disconnect()
}

/** N residents of one organization: users and their registrations, written by PostgreSQL itself (setup, not timed). */
async function residents(prisma: any, organizationId: string, propertyId: string, tag: string) {
  const id = (prefix: string) => `'${prefix}${tag}u' || lpad(g::text, 7, '0')`
  await prisma.$executeRawUnsafe(`INSERT INTO "User" (id, name, type) SELECT ${id('r')}, 'Resident ' || g, 'resident'::"UserTypeType" FROM generate_series(0, ${N - 1}) g`)
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Resident" (id, "user", organization, property, "unitName", "unitKey", "unitType") ` +
      `SELECT ${id('x')}, ${id('r')}, $1, $2, g::text, g::text, 'flat'::"ResidentUnitTypeType" FROM generate_series(0, ${N - 1}) g`,
    organizationId,
    propertyId
  )
  // the state autovacuum keeps a live database in (within a minute of such inserts): statistics for the
  // audience's reads, which otherwise plan for empty tables; the floor reads neither table
  await prisma.$executeRawUnsafe('VACUUM ANALYZE "User", "Resident"')
  return Array.from({ length: N }, (_, i) => `r${tag}u${String(i).padStart(7, '0')}`)
}

/**
 * Runs `fn` on a throwaway database next to DATABASE_URL's, dropped afterwards: the CPU counted for
 * PostgreSQL is every backend of the benchmark's database (bench/lib/cpu.ts), so nobody else may use it.
 */
async function withOwnDatabase(databaseUrl: string, fn: (base: string) => Promise<void>) {
  const server = new URL(stripSchemaParam(databaseUrl))
  server.pathname = '/postgres'
  const admin = new pg.Client({ connectionString: server.toString() })
  await admin.connect()
  const name = `bench_broadcast_${process.pid}`
  await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`)
  const base = new URL(server.toString())
  base.pathname = `/${name}`
  try {
    await fn(base.toString())
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`)
    await admin.end()
  }
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL?.trim()
  const redisUrl = process.env.REDIS_URL?.trim()
  if (!databaseUrl?.startsWith('postgres') || !redisUrl) throw new Error('Set DATABASE_URL=postgres://... and REDIS_URL=redis://...')
  const datamodel = fs.readFileSync(path.join(ROOT, 'generated/schema.prisma'), 'utf8')
  if (!/provider\s*=\s*"postgresql"/.test(datamodel)) throw new Error('generated/ is not for PostgreSQL: run DATABASE_URL=... npm run generate')
  await withOwnDatabase(databaseUrl, base => broadcastBench(base, redisUrl, datamodel))
}

async function broadcastBench(base: string, redisUrl: string, datamodel: string) {
  const id = `${process.pid}_${crypto.randomBytes(3).toString('hex')}`
  const prefix = `bench-${id}`
  const schema = `bench_${id}`
  console.log(`broadcast to ${N} residents, ${RUNS} run(s); PostgreSQL + BullMQ, one worker process`)
  await push({ provider: 'postgresql', url: base, schema }, datamodel)
  const url = new URL(base)
  url.searchParams.set('schema', schema)
  const env = { DATABASE_URL: url.toString(), REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, SESSION_SECRET: 'bench-session-secret-0123456789abcdefgh', NOTIFICATIONS_DEV_OUTBOX: 'off' }
  const { plugin } = benchPlugin()
  const config = buildConfig({ ...process.env, ...env }, [plugin], { channels: [] })
  const context = getContext(config, PrismaModule)
  bindRegistry(context, configRegistry(config))
  const prisma = context.prisma as any
  const worker = await startWorker(env)
  const cpuClient = new pg.Client({ connectionString: base })
  await cpuClient.connect()
  const cpu = { floor: [] as { nodeMs: number; databaseMs: number }[], pipeline: [] as { nodeMs: number; databaseMs: number }[] }

  const pipelineTimes: number[] = []
  const floorTimes: number[] = []
  const previews: { countMs: number; reachMs: number }[] = []
  try {
    for (let r = 0; r < RUNS; r++) {
      const organization = await prisma.organization.create({ data: { name: `Bench ${r}`, country: 'US' } })
      const property = await prisma.property.create({ data: { name: 'Tower', organizationId: organization.id } })
      const setup = performance.now()
      const users = await residents(prisma, organization.id, property.id, `${r}`)
      const staff = await prisma.user.create({ data: { name: 'Manager', email: `manager${r}-${id}@bench.example`, type: 'staff' } })
      await prisma.organizationEmployee.create({ data: { userId: staff.id, organizationId: organization.id, broadcast: true } })
      console.log(`run ${r + 1}: ${N} residents written in ${seconds(setup).toFixed(1)} s`)

      await checkpoint(cpuClient)
      const floorCpu = new PhaseCpu(cpuClient, [process.pid])
      await floorCpu.start()
      floorTimes.push(await floor(prisma, redisUrl, prefix, users, organization.id, r))
      cpu.floor.push(await floorCpu.stop())
      console.log(`run ${r + 1}: floor ${floorTimes[r].toFixed(1)} s`)

      const broadcast = await prisma.broadcast.create({ data: { organizationId: organization.id, title: 'Water off Saturday 9-12', body: 'The **main valve** is replaced.', unitTypes: [] } })
      const session = { listKey: 'User', itemId: staff.id, data: { id: staff.id, name: 'Manager', type: 'staff', isAdmin: false } }
      // what the composer shows before the send: the count, then the split by channel (not timed with the broadcast)
      const previewStarted = performance.now()
      const count = await recipientCountOf(context.withSession(session), broadcast.id)
      const countMs = performance.now() - previewStarted
      await recipientReachOf(context.withSession(session), broadcast.id)
      previews.push({ countMs, reachMs: performance.now() - previewStarted - countMs })
      console.log(`run ${r + 1}: composer preview: count ${count} in ${countMs.toFixed(0)} ms, reach by channel in ${previews[r].reachMs.toFixed(0)} ms`)
      const sendsBefore = (await workerStats(worker)).sends
      await checkpoint(cpuClient)
      const pipelineCpu = new PhaseCpu(cpuClient, [process.pid, worker.pid!])
      await pipelineCpu.start()
      const started = performance.now()
      await sendBroadcast(context.withSession(session), broadcast.id, null)
      const uniqKey = `broadcast-${broadcast.id}`
      // progress from the worker's transport count, not a count of the messages 4 times a second: that
      // count reads up to N index entries (and their heap rows) in the database the pipeline is writing
      let last = 0
      let fannedOut = 0
      for (;;) {
        const delivered = (await workerStats(worker)).sends - sendsBefore
        // when the fan-out task had created every message (the rest is delivery)
        if (!fannedOut && (await prisma.broadcast.findUnique({ where: { id: broadcast.id }, select: { status: true } })).status === 'sent') {
          fannedOut = seconds(started)
          console.log(`  fan-out done after ${fannedOut.toFixed(1)} s (${delivered} delivered by then)`)
        }
        if (delivered >= N) break
        if (delivered !== last && Math.floor(delivered / 20_000) !== Math.floor(last / 20_000)) console.log(`  ${delivered} delivered after ${seconds(started).toFixed(1)} s`)
        last = delivered
        await sleep(250)
      }
      // done when every message's final state is written too
      while ((await prisma.message.count({ where: { uniqKey, status: 'sent' } })) < N) await sleep(50)
      pipelineTimes.push(seconds(started))
      cpu.pipeline.push(await pipelineCpu.stop())
      const stored = await prisma.broadcast.findUnique({ where: { id: broadcast.id } })
      console.log(`run ${r + 1}: broadcast ${pipelineTimes[r].toFixed(1)} s (status ${stored.status}, resolved ${stored.recipientsResolved}, queued ${stored.recipientsQueued})`)
    }
    const stats = await workerStats(worker)
    const pipeline = median(pipelineTimes)
    const least = median(floorTimes)
    console.log('')
    console.log(`floor (median):      ${least.toFixed(1)} s   ${(N / least).toFixed(0)} messages/s`)
    console.log(`broadcast (median):  ${pipeline.toFixed(1)} s   ${(N / pipeline).toFixed(0)} messages/s   sends counted by the transport: ${stats.sends} (expected ${N * RUNS})`)
    console.log(`ratio broadcast / floor: ${((least / pipeline) * 100).toFixed(1)}%  (goal: at least 50%)`)
    // CPU seconds (Node processes + PostgreSQL backends of this database; Redis not counted): steadier than wall time under load
    const cpuOf = (phases: { nodeMs: number; databaseMs: number }[]) => ({ node: median(phases.map(p => p.nodeMs)) / 1000, database: median(phases.map(p => p.databaseMs)) / 1000 })
    const [floorCpu, pipelineCpu] = [cpuOf(cpu.floor), cpuOf(cpu.pipeline)]
    console.log(`cpu floor:      node ${floorCpu.node.toFixed(1)} s + postgres ${floorCpu.database.toFixed(1)} s`)
    console.log(`cpu broadcast:  node ${pipelineCpu.node.toFixed(1)} s + postgres ${pipelineCpu.database.toFixed(1)} s   ratio by cpu: ${(((floorCpu.node + floorCpu.database) / (pipelineCpu.node + pipelineCpu.database)) * 100).toFixed(1)}%`)
    console.log(`worker peak RSS: ${stats.peakRssMb.toFixed(0)} MB`)
    console.log(`composer preview (median): count ${median(previews.map(p => p.countMs)).toFixed(0)} ms, reach by channel ${median(previews.map(p => p.reachMs)).toFixed(0)} ms`)
    result({ bench: 'broadcast', metric: `broadcast to ${N} residents`, value: Math.round(N / pipeline), unit: 'messages/s', baseline: Math.round(N / least), ratio: Number((least / pipeline).toFixed(3)), goal: 'ratio >= 0.5' })
    result({ bench: 'broadcast', metric: 'worker peak RSS', value: Math.round(stats.peakRssMb), unit: 'MB' })
  } finally {
    worker.kill('SIGTERM')
    await cpuClient.end().catch(() => {})
    await context.prisma.$disconnect()
    await configRegistry(config).one('queue').close()
    await deleteRedisPrefix(redisUrl, prefix)
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(`bench: ${(error as Error).message}`)
    if (process.env.DEBUG) console.error(error)
    process.exit(1)
  }
)
