import type { KeystoneContext } from '@keystone-6/core/types'
import { definePlugin, registryOf } from '../kernel'

type Check = { ok: boolean; error?: string }

async function withTimeout(check: () => Promise<unknown>, ms: number): Promise<Check> {
  let timer: NodeJS.Timeout | undefined
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)
    })
    const result = await Promise.race([check(), timeout])
    return result === false ? { ok: false, error: 'unreachable' } : { ok: true }
  } catch (error) {
    // one line: a load balancer log has no room for stack traces
    return { ok: false, error: String((error as Error)?.message ?? error).split('\n')[0] }
  } finally {
    clearTimeout(timer)
  }
}

export async function healthReport(context: KeystoneContext<any>, timeoutMs = 2000) {
  const queue = registryOf(context).one('queue')
  const [database, queueCheck] = await Promise.all([
    withTimeout(() => context.prisma.$queryRawUnsafe('SELECT 1'), timeoutMs),
    withTimeout(() => queue.ping(), timeoutMs),
  ])
  const ok = database.ok && queueCheck.ok
  return { status: ok ? 'ok' : 'unavailable', database, queue: { kind: queue.kind, ...queueCheck } }
}

/** GET /api/health: 200 when the database and the queue answer, 503 otherwise (for load balancers). */
export function healthPlugin() {
  return definePlugin({
    name: 'health',
    requires: ['tasks'],
    extendExpressApp: (app, context) => {
      app.get('/api/health', async (_req: unknown, res: any) => {
        const report = await healthReport(context)
        res.status(report.status === 'ok' ? 200 : 503).set('Cache-Control', 'no-store').json(report)
      })
    },
  })
}
