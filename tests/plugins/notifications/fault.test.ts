// Fault tests on PostgreSQL + BullMQ (run when DATABASE_URL is postgres:// and redis-server is installed):
// a worker SIGKILLed mid-batch and restarted, and Redis flushed mid-run with the sweeper recovering.
// Each uses a Redis server of its own (FLUSHALL must not touch anyone else's keys) and a PostgreSQL
// schema of its own. In both, every message must end `sent`, delivered once per idempotency key. Each runs
// twice: messages sent one by one (a job each), and as a fan-out (sendMessages: batch jobs of many).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { Redis } from 'ioredis'
import { stripSchemaParam } from '../../../adapters/database'
import { push } from '../../../adapters/database/schema-engine'
import { sendMessage, sendMessages } from '../../../plugins/notifications'
import { deliverMessagesTask, deliverMessageTask } from '../../../tasks/deliver-message'
import { DELIVER_BATCH_TASK, DELIVER_TASK } from '../../../tasks/delivery/names'
import { startTestApp, type TestApp } from '../../harness/app'
import { until } from '../../harness/until'
import { isPostgresUrl } from '../../setup/database'
import { faultPlugin, readSends } from './fault-plugin'

const DATABASE_URL = isPostgresUrl(process.env.DATABASE_URL) ? stripSchemaParam(process.env.DATABASE_URL) : ''
const HAS_REDIS_SERVER = spawnSync('redis-server', ['--version']).status === 0
const describeFaults = DATABASE_URL && HAS_REDIS_SERVER ? describe : describe.skip
const ROOT = path.resolve(__dirname, '../../..')
const N = 300

jest.setTimeout(180_000)

async function freePort() {
  const server = net.createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise(resolve => server.close(resolve))
  return port
}

type Env = NodeJS.ProcessEnv

function startWorker(env: Env): ChildProcess {
  // node itself (not the tsx CLI, which runs the script in a child process a SIGKILL would not reach)
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fault-worker.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stderr!.on('data', chunk => process.env.DEBUG && process.stderr.write(chunk))
  return child
}

async function ready(child: ChildProcess) {
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', chunk => String(chunk).includes('fault-worker ready') && resolve())
    child.on('exit', code => reject(new Error(`worker exited with ${code}`)))
  })
}

async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode) return
  const exited = new Promise(resolve => child.once('exit', resolve))
  child.kill(signal)
  await exited
}

/** How each mode sends, and how slow its provider is: a batch sends in parallel, so its sends take longer
 *  and finish one by one (jitter), or the whole batch would be over before the fault. */
const MODES = [
  // at most one re-send per delivery running at once when the worker dies
  { mode: 'one job per message', fanOut: false, latency: { kill: '15', flush: '400' }, jitter: 'false', maxResends: deliverMessageTask.concurrency! },
  // a crash can fall between the provider's answers and the batched write of a whole turn's outcomes
  { mode: 'a fan-out in batch jobs', fanOut: true, latency: { kill: '400', flush: '400' }, jitter: 'true', maxResends: 100 },
]

describeFaults.each(MODES)('delivery survives faults (PostgreSQL + BullMQ), $mode', ({ fanOut, latency, jitter, maxResends }) => {
  let redisServer: ChildProcess
  let redisUrl: string
  let schema: string
  let env: Env
  let app: TestApp
  let logFile: string
  const workers: ChildProcess[] = []

  beforeEach(async () => {
    const port = await freePort()
    redisServer = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
    redisUrl = `redis://127.0.0.1:${port}`
    await until('redis', async () => {
      const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
      try {
        await client.connect()
        return (await client.ping()) === 'PONG'
      } catch {
        return false
      } finally {
        client.disconnect()
      }
    }, 10_000)

    // the migrations do not hold these lists yet: push the datamodel the client was generated from
    schema = `fault_${process.pid}_${crypto.randomBytes(3).toString('hex')}`
    const datamodel = fs.readFileSync(path.join(ROOT, 'generated/schema.prisma'), 'utf8')
    await push({ provider: 'postgresql', url: DATABASE_URL, schema }, datamodel)
    const url = new URL(DATABASE_URL)
    url.searchParams.set('schema', schema)
    logFile = path.join(os.tmpdir(), `fault-sends-${schema}.log`)
    env = {
      DATABASE_URL: url.toString(),
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: 'fault',
      WORKERS_IN_PROCESS: 'false',
      FAULT_LOG: logFile,
      NOTIFICATIONS_LEASE_SECONDS: '3',
      NOTIFICATIONS_STUCK_AFTER_SECONDS: '3',
      NOTIFICATIONS_SWEEP_EVERY_SECONDS: '1',
      SESSION_SECRET: 'fault-test-session-secret-0123456789abcdef',
    }
    // the API side: enqueues only (no in-process workers with REDIS_URL set)
    app = await startTestApp({ env, plugins: [faultPlugin(logFile)] })
  })

  afterEach(async () => {
    for (const worker of workers.splice(0)) await stop(worker, 'SIGKILL')
    await app?.close()
    await stop(redisServer, 'SIGKILL')
    const client = new pg.Client({ connectionString: DATABASE_URL })
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`)
    await client.end()
    fs.rmSync(logFile, { force: true })
  })

  async function sendAll() {
    const ids: string[] = []
    const input = (i: number) => ({ type: 'FAULT_NOTICE', to: { phone: `+1415${String(5000000 + i)}` }, meta: { n: i } })
    if (fanOut) {
      // twice as many batch jobs as the worker runs at once: some are still waiting when Redis is flushed
      const size = Math.floor(N / (2 * deliverMessagesTask.concurrency!))
      for (let i = 0; i < N; i += size) ids.push(...(await sendMessages(app.context, Array.from({ length: Math.min(size, N - i) }, (_, j) => input(i + j)))).map(r => r.id))
      return ids
    }
    for (let i = 0; i < N; i++) {
      ids.push((await sendMessage(app.context, input(i))).id)
    }
    return ids
  }

  async function expectEachDeliveredOnce(ids: string[]) {
    const prisma = app.context.prisma as any
    await until('every message sent', async () => (await prisma.message.count({ where: { status: 'sent' } })) === N)
    const sends = readSends(logFile)
    const keys = new Set(sends.map(s => s.key))
    const rows = await prisma.messageDelivery.findMany({ select: { idempotencyKey: true, status: true, messageId: true } })
    // one delivery per message, each sent, each accepted by the provider under its idempotency key
    expect(rows).toHaveLength(N)
    expect(new Set(rows.map((r: any) => r.messageId))).toEqual(new Set(ids))
    expect(rows.every((r: any) => r.status === 'sent' && keys.has(r.idempotencyKey))).toBe(true)
    expect(keys.size).toBe(N)
    // raw calls beyond N are re-sends after a crash between the provider's answer and our write,
    // always with the same idempotency key (the at-least-once window, see docs/architecture.md)
    const duplicates = sends.length - keys.size
    if (duplicates) console.warn(`${duplicates} re-send(s) with an already used idempotency key`)
    expect(duplicates).toBeLessThanOrEqual(maxResends) // at most one per concurrently running delivery
    return { sends: sends.length, duplicates }
  }

  test('a worker SIGKILLed in the middle of a batch, then restarted: every message delivered once', async () => {
    const first = startWorker({ ...env, FAULT_LATENCY_MS: latency.kill, FAULT_JITTER: jitter })
    workers.push(first)
    await ready(first)
    const sending = sendAll()
    await until('a third of the batch', () => readSends(logFile).length >= N / 3)
    await stop(first, 'SIGKILL')
    const killedAt = readSends(logFile).length
    expect(killedAt).toBeLessThan(N)
    const ids = await sending

    const second = startWorker({ ...env, FAULT_LATENCY_MS: latency.kill, FAULT_JITTER: jitter })
    workers.push(second)
    await ready(second)
    const result = await expectEachDeliveredOnce(ids)
    const pids = new Set(readSends(logFile).map(s => s.pid))
    expect(pids.size).toBe(2) // both processes delivered part of the batch
    console.log(`SIGKILL after ${killedAt} sends; ${result.sends} provider calls in all`)
  })

  test('Redis flushed mid-run: the sweeper rebuilds the queue from the database', async () => {
    // everything is queued before the worker starts, so jobs are still waiting when Redis loses them
    // (with sends racing a fast worker, the queue could be empty at the flush and prove nothing)
    const ids = await sendAll()
    const worker = startWorker({ ...env, FAULT_LATENCY_MS: latency.flush, FAULT_JITTER: jitter })
    workers.push(worker)
    await ready(worker)
    // flushed as soon as the worker runs its first jobs: at least as many jobs as it runs at once are
    // still waiting then, and none has finished (the provider answers after FAULT_LATENCY_MS)
    const redis = new Redis(redisUrl)
    const tasks = [DELIVER_TASK, DELIVER_BATCH_TASK]
    await until('the worker running its first jobs', async () => (await Promise.all(tasks.map(task => redis.llen(`fault:${task}:active`)))).some(n => n > 0))
    const waitLists = tasks.map(task => `fault:${task}:wait`) // each job holds one message or more
    // counted and flushed in one transaction: nothing can be picked up in between
    const replies = await waitLists.reduce((multi, key) => multi.llen(key), redis.multi()).flushall().exec()
    redis.disconnect()
    const lostJobs = replies!.slice(0, waitLists.length).reduce((sum, [, n]) => sum + Number(n), 0)
    const flushedAt = readSends(logFile).length
    expect(flushedAt).toBeLessThan(N)
    expect(lostJobs).toBeGreaterThan(0)
    const result = await expectEachDeliveredOnce(ids)
    const swept = await (app.context.prisma as any).message.count({ where: { generation: { gt: 1 } } })
    expect(swept).toBeGreaterThan(0) // recovered by the sweeper, not by luck
    console.log(`FLUSHALL after ${flushedAt} sends with ${lostJobs} delivery job(s) waiting; ${swept} message(s) re-enqueued by the sweeper; ${result.sends} provider calls`)
  })
})
