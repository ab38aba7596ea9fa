// Starts bench/api-server.ts as its own plain-Node process (bundled first) and talks to it over IPC.
import { execFileSync, fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { ROOT } from '../../bin/bundle'
import { bundle } from './bundle'

export type ApiProcess = {
  endpoint: string
  /** Sends a command to every API process; one result per process. */
  command: <T = unknown>(cmd: string, args?: object) => Promise<T[]>
  stop: () => Promise<void>
}

let built: Promise<string> | undefined

/** The Node flags `npm start` gives the API process (bin/node-flags.sh, with this environment's API_HEAP_MB / API_SEMI_SPACE_MB). */
export function apiNodeFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  return execFileSync('sh', [path.join(ROOT, 'bin/node-flags.sh'), 'api'], { env, encoding: 'utf8' }).trim().split(/\s+/)
}

/** `execArgv`: Node flags of the API process (default: those `npm start` gives it, apiNodeFlags()). */
export async function startApi(env: NodeJS.ProcessEnv, options: { port: number; processes?: number; execArgv?: string[] }): Promise<ApiProcess> {
  const file = await (built ??= bundle('bench/api-server.ts'))
  const child: ChildProcess = fork(file, [], {
    env: { MALLOC_ARENA_MAX: '2', ...process.env, ...env, PORT: String(options.port), BENCH_API_PROCESSES: String(options.processes ?? 1) },
    // plain Node (not the tsx loader this process runs under), with the heap flags of bin/keystone.sh
    execArgv: options.execArgv ?? apiNodeFlags({ ...process.env, ...env }),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: any) => m.ready && resolve())
    child.once('exit', code => reject(new Error(`the bench API server exited with ${code}`)))
  })
  let nextId = 0
  const command = <T>(cmd: string, args?: object) =>
    new Promise<T[]>((resolve, reject) => {
      const id = ++nextId
      const listener = (m: any) => {
        if (m.id !== id) return
        child.off('message', listener)
        if (m.error) reject(new Error(m.error))
        else resolve(([] as T[]).concat(m.result))
      }
      child.on('message', listener)
      child.send({ id, cmd, args })
    })
  return {
    endpoint: `http://127.0.0.1:${options.port}/api/graphql`,
    command,
    stop: () =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
