// Starts tests/browser/serve-admin.ts as a child process with the given environment (the test's own
// database, session secret...) and resolves once it listens. Its output is kept for the failure message.
// `entry`: a bundle of serve-admin.ts to run on plain Node instead of the TypeScript source under tsx.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')

export type AdminServer = { url: string; output(): string; close(): Promise<void> }

export async function startAdminServer(env: NodeJS.ProcessEnv, { timeoutMs = 120_000, entry }: { timeoutMs?: number; entry?: string } = {}): Promise<AdminServer> {
  const args = entry ? [entry] : [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(__dirname, 'serve-admin.ts')]
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...env, KEYSTONE_TELEMETRY_DISABLED: '1', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the Admin UI server did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs)
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const ready = output.match(/ADMIN_UI_READY (\S+)/)
      if (ready) {
        clearTimeout(timer)
        resolve(ready[1])
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.on('exit', code => {
      clearTimeout(timer)
      reject(new Error(`the Admin UI server exited with ${code}:\n${output}`))
    })
  })
  return {
    url,
    output: () => output,
    async close() {
      if (child.exitCode !== null) return
      const exited = new Promise(resolve => child.once('exit', resolve))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}
