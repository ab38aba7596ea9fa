// A worker process for the benchmark: the real worker with the bench plugin; prints its send count
// and peak RSS when asked (SIGUSR2), so the parent can read both before stopping it.
import fs from 'node:fs'
import { getContext } from '@keystone-6/core/context'
import * as PrismaModule from '../generated/prisma/client'
import { buildConfig } from '../config'
import { bindRegistry, configRegistry } from '../plugins/kernel'
import { startWorkers } from '../plugins/tasks'
import { benchPlugin } from './plugin'

async function main() {
  const { plugin, transport } = benchPlugin()
  const config = buildConfig(process.env, [plugin], { channels: [] })
  const registry = configRegistry(config)
  const context = getContext(config, PrismaModule)
  bindRegistry(context, registry)
  await startWorkers(context, registry)
  // BENCH_LATENCY_FILE: record when each message reached the transport, written there on SIGUSR2
  transport.record = !!process.env.BENCH_LATENCY_FILE
  process.on('SIGUSR2', () => {
    // BENCH_HEAP_SNAPSHOT=<dir>: what is still alive at the end (a snapshot runs a full GC first)
    if (process.env.BENCH_HEAP_SNAPSHOT) require('node:v8').writeHeapSnapshot(`${process.env.BENCH_HEAP_SNAPSHOT}/worker-${process.pid}.heapsnapshot`)
    if (process.env.BENCH_LATENCY_FILE) fs.writeFileSync(process.env.BENCH_LATENCY_FILE, JSON.stringify(Object.fromEntries(transport.firstCall)))
    const peakKb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0)
    console.log(`stats ${transport.count} ${peakKb}`)
  })
  process.on('SIGTERM', () => process.exit(0)) // a normal exit, so that --cpu-prof can write its profile
  console.log('bench-worker ready')
}

main().catch(error => {
  console.error(error)
  process.exit(1)
})
