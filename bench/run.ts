// Fan-out benchmark: N messages of one type to N users through the real pipeline (sendMessage →
// PostgreSQL → BullMQ → worker process → delivery task → a counting transport), against raw BullMQ
// throughput for no-op jobs measured in the same run on the same Redis.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> REDIS_URL=redis://127.0.0.1:6379 \
//     npm run bench -- [--n 10000] [--runs 3] [--workers 1] [--producers 4] [--chunk 500] [--latency 200]
//
// Latency: from sendMessage returning to the transport being called (both clocks are this machine's),
// under the run's load (--chunk 1) and for --latency messages sent one at a time 20 ms apart (light load).
//
// The fan-out goes through sendMessages in calls of --chunk messages, --producers calls at a time (as
// several API requests would); --chunk 1 sends each message with sendMessage instead (one job each).
// Both run in an API process started as `npm start` runs it (bench/api-server.ts, bundled, plain Node,
// API_HEAP_MB as bin/keystone.sh sets it), and the worker as `npm run worker` runs it (bin/worker.sh),
// so the peak RSS printed for each is the product's. BENCH_PORT (default 4920) is the API's port.
//
// generated/ must be built for PostgreSQL (`DATABASE_URL=... npm run generate`). The schema is pushed
// into a throwaway PostgreSQL schema and dropped afterwards; Redis keys live under a unique prefix.
import type { ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { Queue, Worker } from 'bullmq'
import { Redis } from 'ioredis'
import { getContext } from '@keystone-6/core/context'
import { stripSchemaParam } from '../adapters/database'
import { push } from '../adapters/database/schema-engine'
import * as PrismaModule from '../generated/prisma/client'
import { buildConfig } from '../config'
import { bindRegistry, configRegistry } from '../plugins/kernel'
import { benchPlugin } from './plugin'
import { floorRun } from './floor'
import { countFlag } from './lib/args'
import { startApi } from './lib/api-process'
import { result } from './lib/result'
import { startWorkerProcess } from './lib/worker-process'

const ROOT = path.resolve(__dirname, '..')

const N = countFlag('n', 10_000)
const RUNS = countFlag('runs', 3)
const WORKERS = countFlag('workers', 1)
const CHUNK = countFlag('chunk', 500)
/** Concurrent callers: 50 for one sendMessage per message (as many API requests at once), else 4. */
const PRODUCERS = countFlag('producers', CHUNK === 1 ? 50 : 4)
/** Messages sent one at a time, 20 ms apart, after the runs: the latency of a lightly loaded system. */
const LATENCY_N = countFlag('latency', 200)
/** The raw baseline: as many jobs in flight on each side as the pipeline's single-message path has
 *  (fixed, so that choosing how the pipeline is fed never weakens the baseline it is compared with). */
const RAW_CONCURRENCY = 50
const RAW_PRODUCERS = 50
/** The API process's port (BENCH_PORT, as the other benchmarks). */
const API_PORT = Number(process.env.BENCH_PORT ?? 4920)

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** Runs `work(i)` for i in [0, n) with at most `width` in flight. */
async function pool(n: number, width: number, work: (i: number) => Promise<unknown>) {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) await work(next++)
    })
  )
}

async function rawBullmq(redisUrl: string, prefix: string): Promise<number> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null })
  const name = `noop-${crypto.randomBytes(3).toString('hex')}`
  const queue = new Queue(name, { connection, prefix })
  let done = 0
  let finish!: () => void
  const finished = new Promise<void>(resolve => (finish = resolve))
  const worker = new Worker(name, async () => {}, { connection: connection.duplicate(), prefix, concurrency: RAW_CONCURRENCY })
  worker.on('completed', () => ++done === N && finish())
  await worker.waitUntilReady()
  const started = performance.now()
  await pool(N, RAW_PRODUCERS, i => queue.add('noop', { i }, { jobId: `noop-${i}`, removeOnComplete: true }))
  await finished
  const rate = N / ((performance.now() - started) / 1000)
  await worker.close()
  await queue.obliterate({ force: true })
  await queue.close()
  connection.disconnect()
  return rate
}

/** The bench worker (bench/worker.ts: the real worker with the bench plugin), bundled and started as `npm run worker` starts the product's. */
function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  return startWorkerProcess('bench/worker.ts', env, 'bench-worker ready')
}

function workerStats(child: ChildProcess): Promise<{ sends: number; peakRssMb: number }> {
  return new Promise(resolve => {
    child.stdout!.on('data', chunk => {
      const match = /stats (\d+) (\d+)/.exec(String(chunk))
      if (match) resolve({ sends: Number(match[1]), peakRssMb: Number(match[2]) / 1024 })
    })
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

async function main() {
  const databaseUrl = process.env.DATABASE_URL?.trim()
  const redisUrl = process.env.REDIS_URL?.trim()
  if (!databaseUrl?.startsWith('postgres') || !redisUrl) throw new Error('Set DATABASE_URL=postgres://... and REDIS_URL=redis://...')
  const datamodel = fs.readFileSync(path.join(ROOT, 'generated/schema.prisma'), 'utf8')
  if (!/provider\s*=\s*"postgresql"/.test(datamodel)) throw new Error('generated/ is not for PostgreSQL: run DATABASE_URL=... npm run generate')

  const id = `${process.pid}_${crypto.randomBytes(3).toString('hex')}`
  const prefix = `bench-${id}`
  const schema = `bench_${id}`
  const base = stripSchemaParam(databaseUrl)
  console.log(
    `fan-out of ${N} messages, ${RUNS} run(s), ${WORKERS} worker process(es), ${PRODUCERS} concurrent producers, ` +
      (CHUNK === 1 ? 'one sendMessage call per message' : `sendMessages calls of ${CHUNK} messages`)
  )

  const raw: number[] = []
  for (let r = 0; r < RUNS; r++) raw.push(await rawBullmq(redisUrl, prefix))
  console.log(`raw BullMQ no-op jobs: ${raw.map(v => v.toFixed(0)).join(', ')} jobs/s`)

  await push({ provider: 'postgresql', url: base, schema }, datamodel)
  const url = new URL(base)
  url.searchParams.set('schema', schema)
  const latencyFile = path.join(require('node:os').tmpdir(), `bench-latency-${id}.json`)
  const env = { BENCH_LATENCY_FILE: latencyFile, DATABASE_URL: url.toString(), REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, SESSION_SECRET: 'bench-session-secret-0123456789abcdefgh', NOTIFICATIONS_DEV_OUTBOX: 'off' }
  const { plugin } = benchPlugin()
  const config = buildConfig({ ...process.env, ...env }, [plugin], { channels: [] })
  const context = getContext(config, PrismaModule)
  bindRegistry(context, configRegistry(config))
  const prisma = context.prisma as any
  const workers = await Promise.all(Array.from({ length: WORKERS }, () => startWorker(env)))
  const api = await startApi({ ...env, BENCH_FANOUT: '1' }, { port: API_PORT })

  const rates: number[] = []
  const floors: number[] = []
  const returned = new Map<string, number>() // message body -> when sendMessage returned (epoch ms)
  try {
    for (let r = 0; r < RUNS; r++) {
      const ids = { prefix: `bench${r}u`, suffix: `x${id}`.replace(/_/g, '') }
      const users = Array.from({ length: N }, (_, i) => ({ id: `${ids.prefix}${i}${ids.suffix}`, name: `Bench ${i}`, type: 'resident' }))
      for (let i = 0; i < users.length; i += 5000) await prisma.user.createMany({ data: users.slice(i, i + 5000) })
      const before = await prisma.message.count({ where: { status: 'sent' } })
      const started = performance.now()
      // in the API process: sendMessages of CHUNK (or sendMessage each), PRODUCERS calls at a time
      // BENCH_ALLOCATIONS=<file>: what the API process allocated during the first run (.heapprofile)
      const allocations = r === 0 ? process.env.BENCH_ALLOCATIONS : undefined
      if (allocations) await api.command('allocations-start')
      const [sent] = await api.command<Record<string, number>>('fan-out', { ids, n: N, chunk: CHUNK, producers: PRODUCERS, label: 'Notice' })
      if (allocations) await api.command('allocations-stop', { file: allocations })
      for (const [body, at] of Object.entries(sent)) returned.set(body, at)
      const enqueued = performance.now()
      while ((await prisma.message.count({ where: { status: 'sent' } })) - before < N) await sleep(100)
      const seconds = (performance.now() - started) / 1000
      rates.push(N / seconds)
      console.log(`run ${r + 1}: ${(N / seconds).toFixed(0)} messages/s end to end (all persisted and enqueued after ${((enqueued - started) / 1000).toFixed(1)} s, delivered after ${seconds.toFixed(1)} s)`)
      if (CHUNK > 1) {
        // the floor, right after: the same users, chunks, producers and batch-worker concurrency
        const floor = await floorRun({ databaseUrl: base, schema, redisUrl, prefix, userIds: users.map(u => u.id), chunk: CHUNK, producers: PRODUCERS, concurrency: 4 })
        floors.push(floor)
        console.log(`run ${r + 1} floor (multi-row inserts, addBulk, a worker inserting the deliveries): ${floor.toFixed(0)} messages/s`)
      }
    }
    // light load: one message at a time, 20 ms apart
    const lightIds = { prefix: 'benchlat', suffix: `x${id}`.replace(/_/g, '') }
    const lightUsers = Array.from({ length: LATENCY_N }, (_, i) => ({ id: `${lightIds.prefix}${i}${lightIds.suffix}`, name: `Latency ${i}`, type: 'resident' }))
    await prisma.user.createMany({ data: lightUsers })
    const lightBefore = await prisma.message.count({ where: { status: 'sent' } })
    const [light] = await api.command<Record<string, number>>('send-spaced', { ids: lightIds, n: LATENCY_N, gapMs: 20, label: 'Latency' })
    for (const [body, at] of Object.entries(light)) returned.set(body, at)
    while ((await prisma.message.count({ where: { status: 'sent' } })) - lightBefore < LATENCY_N) await sleep(50)

    if (process.env.BENCH_HEAP_SNAPSHOT) await api.command('heap-snapshot', { file: `${process.env.BENCH_HEAP_SNAPSHOT}/api-%p.heapsnapshot` })
    const [apiPeakRss] = await api.command<number>('rss')
    const stats = await Promise.all(workers.map(workerStats))
    const called: Record<string, number> = WORKERS === 1 ? JSON.parse(fs.readFileSync(latencyFile, 'utf8')) : {}
    fs.rmSync(latencyFile, { force: true })
    const latencies = (prefix: string) =>
      [...returned.entries()].filter(([body]) => body.startsWith(prefix) && called[body]).map(([body, at]) => called[body] - at).sort((a, b) => a - b)
    const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
    for (const [label, prefix] of [['light load (one at a time)', 'Latency '], [`under the runs' load (--chunk 1)`, 'Notice ']] as const) {
      const sorted = latencies(prefix)
      if (!sorted.length) continue
      console.log(`latency sendMessage returned -> transport called, ${label}: p50 ${pct(sorted, 0.5).toFixed(1)} ms, p99 ${pct(sorted, 0.99).toFixed(1)} ms (${sorted.length} messages)`)
      if (prefix === 'Latency ') {
        result({ bench: 'fan-out', metric: 'latency to transport, light load, p50', value: pct(sorted, 0.5), unit: 'ms', goal: '< 30 ms' })
        result({ bench: 'fan-out', metric: 'latency to transport, light load, p99', value: pct(sorted, 0.99), unit: 'ms' })
      }
    }
    const sends = stats.reduce((sum, s) => sum + s.sends, 0)
    const rawMedian = median(raw)
    const pipelineMedian = median(rates)
    console.log('')
    console.log(`raw BullMQ (median):      ${rawMedian.toFixed(0)} jobs/s`)
    console.log(`pipeline (median):        ${pipelineMedian.toFixed(0)} messages/s   sends counted by the transport: ${sends} (expected ${N * RUNS + LATENCY_N})`)
    console.log(`ratio pipeline / raw:     ${((pipelineMedian / rawMedian) * 100).toFixed(1)}%  (target: at least 25%)`)
    if (floors.length) {
      const floorMedian = median(floors)
      console.log(`floor (median):           ${floorMedian.toFixed(0)} messages/s`)
      console.log(`ratio pipeline / floor:   ${((pipelineMedian / floorMedian) * 100).toFixed(1)}%  (target: at least 50%)`)
      result({ bench: 'fan-out', metric: `sendMessages of ${CHUNK}, ${N} messages, vs the floor`, value: pipelineMedian, unit: 'msg/s', baseline: floorMedian, ratio: pipelineMedian / floorMedian, goal: '>= 0.5x floor' })
    }
    const mode = CHUNK === 1 ? 'sendMessage one at a time' : `sendMessages of ${CHUNK}`
    result({ bench: 'fan-out', metric: `${mode}, ${N} messages`, value: pipelineMedian, unit: 'msg/s', baseline: rawMedian, ratio: pipelineMedian / rawMedian, goal: CHUNK === 1 ? '>= 0.25x raw BullMQ' : '' })
    console.log(`peak RSS: API process ${apiPeakRss.toFixed(0)} MB; worker(s) ${stats.map(s => s.peakRssMb.toFixed(0)).join(', ')} MB`)
    result({ bench: 'fan-out', metric: `peak RSS, API process, ${N} messages`, value: apiPeakRss, unit: 'MB', goal: '< 300 MB' })
    for (const s of stats) result({ bench: 'fan-out', metric: `peak RSS, worker, ${N} messages`, value: s.peakRssMb, unit: 'MB', goal: '< 250 MB' })
  } finally {
    for (const worker of workers) worker.kill('SIGTERM')
    await api.stop()
    await context.prisma.$disconnect()
    await configRegistry(config).one('queue').close()
    const client = new pg.Client({ connectionString: base })
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`)
    await client.end()
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
