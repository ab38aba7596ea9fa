// The API server the benchmarks measure, started as `keystone start` starts it (config built from this
// process's environment, Express + Apollo, no Admin UI) and run on plain Node from a bundle
// (bench/lib/bundle.ts). BENCH_API_PROCESSES=N runs N such processes behind one port (node:cluster).
// The parent drives it over IPC: { id, cmd, args } → { id, result | error }, answered by every process.
//   cmd 'prisma-load' { page, organizationId, seconds, clients }: the page read with Prisma in-process
//   cmd 'graphql-load' { page, organizationId, seconds, clients, userId? }: the page through Keystone's
//       GraphQL in-process (no HTTP): as sudo (no access control) or with that user's session (access)
//   cmd 'prisma-create-many' { model, rows }: rows inserted with Prisma createMany; answers the ms it took
//   cmd 'profile-start' / 'profile-stop' { file }: the V8 profiler of this process
//   cmd 'allocations-start' / 'allocations-stop' { file }: V8's sampling heap profiler, counting what was
//       allocated (collected garbage included), not only what is alive at the end as --heap-prof does
//   cmd 'rss': peak resident set size (MB); 'cpu': CPU time used so far (ms)
//   cmd 'heap-snapshot' { file }: what is alive now (a snapshot runs a full GC first)
// With BENCH_FANOUT=1 the config has the bench plugin (its message type and counting channel), and:
//   cmd 'fan-out' { ids, n, chunk, producers, label }: n messages to the users ids.prefix + i + ids.suffix,
//       sendMessages calls of `chunk` (sendMessage each when 1), `producers` calls at a time, as that many
//       API requests would; answers when each message's sendMessage returned (epoch ms) when chunk is 1
//   cmd 'send-spaced' { ids, n, gapMs, label }: one sendMessage at a time, gapMs apart; answers the same
import cluster from 'node:cluster'
import fs from 'node:fs'
import inspector from 'node:inspector'
import { createExpressServer, createSystem } from '@keystone-6/core/___internal-do-not-use-will-break-in-patch/artifacts'
import * as PrismaModule from '../generated/prisma/client'
import { buildConfig } from '../config'
import { bindRegistry, configRegistry } from '../plugins/kernel'
import { cpuMs, load } from './lib/load'
import { PAGES, PAGE, staffPage } from './lib/staff-pages'
import { sendMessage, sendMessages } from '../plugins/notifications'
import { benchPlugin, BENCH_TYPE } from './plugin'

type Command = { id: number; cmd: string; args?: any }

const now = () => performance.timeOrigin + performance.now()

/** Runs `work(i)` for i in [0, n) with at most `width` in flight. */
async function pool(n: number, width: number, work: (i: number) => Promise<unknown>) {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) await work(next++)
    })
  )
}

function peakRssMb() {
  return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024
}

async function serve() {
  const fanOut = process.env.BENCH_FANOUT === '1'
  const config = fanOut ? buildConfig(process.env, [benchPlugin().plugin], { channels: [] }) : buildConfig(process.env)
  const system = createSystem(config)
  const keystone = system.getKeystone(PrismaModule)
  bindRegistry(keystone.context, configRegistry(config))
  await keystone.connect()
  const { httpServer } = await createExpressServer(system.config, keystone.context)
  await new Promise<void>(resolve => httpServer.listen(Number(process.env.PORT), '127.0.0.1', resolve))

  const session = new inspector.Session()
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))))
  const commands: Record<string, (args: any) => Promise<unknown>> = {
    'prisma-load': async ({ page, organizationId, seconds, clients }) => {
      const { prisma } = staffPage(page)
      return load(seconds, clients, i => prisma(keystone.context.prisma, organizationId, (i % PAGES) * PAGE))
    },
    'graphql-load': async ({ page, organizationId, seconds, clients, userId }) => {
      const { query } = staffPage(page)
      let context = keystone.context.sudo()
      if (userId) {
        const user = await keystone.context.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, name: true, type: true, isAdmin: true } })
        context = keystone.context.withSession({ listKey: 'User', itemId: user.id, data: user })
      }
      return load(seconds, clients, async i => {
        // a new context per call, as each HTTP request gets one (the per-request caches start empty)
        const data = await (userId ? context.withSession(context.session) : context.sudo()).graphql.run({ query, variables: { org: organizationId, skip: (i % PAGES) * PAGE } })
        if (!(data as any).items?.length) throw new Error('empty page')
      })
    },
    'prisma-create-many': async ({ model, rows }) => {
      const started = performance.now()
      await (keystone.context.prisma as any)[model].createMany({ data: rows })
      return performance.now() - started
    },
    'profile-start': async () => {
      session.connect()
      await post('Profiler.enable')
      await post('Profiler.setSamplingInterval', { interval: 200 })
      await post('Profiler.start')
    },
    'profile-stop': async ({ file }) => {
      const { profile } = await post('Profiler.stop')
      fs.writeFileSync(file.replace('%p', String(process.pid)), JSON.stringify(profile))
      session.disconnect()
    },
    'fan-out': async ({ ids, n, chunk, producers, label }) => {
      const context = keystone.context
      const input = (i: number) => ({ type: BENCH_TYPE.type, to: { userId: `${ids.prefix}${i}${ids.suffix}` }, meta: { title: 'Water', body: `${label} ${i}` } })
      const returned: Record<string, number> = {}
      if (chunk === 1) await pool(n, producers, i => sendMessage(context, input(i)).then(() => void (returned[`${label} ${i}`] = now())))
      else await pool(Math.ceil(n / chunk), producers, c => sendMessages(context, Array.from({ length: Math.min(chunk, n - c * chunk) }, (_, j) => input(c * chunk + j))))
      return returned
    },
    'send-spaced': async ({ ids, n, gapMs, label }) => {
      const returned: Record<string, number> = {}
      for (let i = 0; i < n; i++) {
        await sendMessage(keystone.context, { type: BENCH_TYPE.type, to: { userId: `${ids.prefix}${i}${ids.suffix}` }, meta: { title: 'Code', body: `${label} ${i}` } })
        returned[`${label} ${i}`] = now()
        await new Promise(resolve => setTimeout(resolve, gapMs))
      }
      return returned
    },
    'heap-snapshot': async ({ file }) => require('node:v8').writeHeapSnapshot(file.replace('%p', String(process.pid))),
    'allocations-start': async () => {
      session.connect()
      await post('HeapProfiler.enable')
      await post('HeapProfiler.startSampling', { samplingInterval: 32768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true })
    },
    'allocations-stop': async ({ file }) => {
      const { profile } = await post('HeapProfiler.stopSampling')
      fs.writeFileSync(file.replace('%p', String(process.pid)), JSON.stringify(profile))
      session.disconnect()
    },
    rss: async () => peakRssMb(),
    cpu: async () => cpuMs(),
  }
  process.on('message', async (message: Command) => {
    try {
      process.send!({ id: message.id, result: await commands[message.cmd](message.args) })
    } catch (error) {
      process.send!({ id: message.id, error: String((error as Error)?.stack ?? error) })
    }
  })
  process.on('SIGTERM', async () => {
    await new Promise(resolve => httpServer.close(resolve))
    await configRegistry(config).one('queue').close()
    await keystone.disconnect()
    process.exit(0)
  })
  process.send!({ ready: true })
}

/** The cluster primary: forks the processes, then passes each command to all and answers with every result. */
async function primary(processes: number) {
  const workers = Array.from({ length: processes }, () => cluster.fork())
  await Promise.all(workers.map(worker => new Promise<void>(resolve => worker.on('message', m => m.ready && resolve()))))
  process.on('message', async (message: Command) => {
    const answers = await Promise.all(
      workers.map(
        worker =>
          new Promise<any>(resolve => {
            const listener = (m: any) => m.id === message.id && (worker.off('message', listener), resolve(m))
            worker.on('message', listener)
            worker.send(message)
          })
      )
    )
    const failed = answers.find(a => a.error)
    process.send!(failed ?? { id: message.id, result: answers.map(a => a.result) })
  })
  process.on('SIGTERM', () => {
    for (const worker of workers) worker.process.kill('SIGTERM')
    Promise.all(workers.map(w => new Promise(resolve => w.once('exit', resolve)))).then(() => process.exit(0))
  })
  process.send!({ ready: true })
}

const processes = Number(process.env.BENCH_API_PROCESSES || 1)
const started = cluster.isPrimary && processes > 1 ? primary(processes) : serve()
started.catch(error => {
  console.error(error)
  process.exit(1)
})
