// Starts a worker process for a benchmark the way `npm run worker` starts the product's: the entry
// bundled (bench/lib/bundle.ts), then run by bin/worker.sh with its Node flags, so the RSS a benchmark
// prints is the product's. bin/worker.sh execs node, so the child's pid is the worker's.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { ROOT } from '../../bin/bundle'
import { bundle } from './bundle'

const built = new Map<string, Promise<string>>()

/**
 * `entry`: tasks/worker.ts (the product's worker) or bench/worker.ts (the same with the bench plugin).
 * Resolves once the child printed `readyText`. BENCH_WORKER_PROFILE=<dir> records its CPU profile there;
 * the env's WORKER_HEAP_MB / WORKER_SEMI_SPACE_MB / WORKER_NODE_OPTIONS reach bin/worker.sh as in production.
 */
export async function startWorkerProcess(entry: string, env: NodeJS.ProcessEnv, readyText: string, options: { log?: boolean } = {}): Promise<ChildProcess> {
  if (!built.has(entry)) built.set(entry, bundle(entry))
  const file = await built.get(entry)!
  const profile = process.env.BENCH_WORKER_PROFILE ? ` --cpu-prof --cpu-prof-dir=${process.env.BENCH_WORKER_PROFILE}` : ''
  const child = spawn('sh', [path.join(ROOT, 'bin/worker.sh'), file], {
    cwd: ROOT,
    env: { ...process.env, ...env, WORKER_NODE_OPTIONS: `${env.WORKER_NODE_OPTIONS ?? process.env.WORKER_NODE_OPTIONS ?? ''}${profile}` },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', chunk => {
      if (options.log) process.stderr.write(chunk)
      if (out.length < 100_000) out += chunk
      if (out.includes(readyText)) resolve(child)
    })
    child.once('exit', code => reject(new Error(`the worker process exited with ${code}: ${out}`)))
  })
}

/** The worker's peak resident set (Linux VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const status = require('node:fs').readFileSync(`/proc/${pid}/status`, 'utf8') as string
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024
}
