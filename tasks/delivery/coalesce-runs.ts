// Single-message jobs that start within one turn of the event loop share one engine call: a worker
// running 20 of them at once claims, reads the rules and writes the outcomes for all 20 together, as a
// batch job does. Each job still gets its own result, so retries stay per job.
import type { KeystoneContext } from '@keystone-6/core/types'
import type { RegistryReader } from '../define'
import { deliverBatch, type RunRequest, type RunResult } from './deliver-batch'

type Pending = { request: RunRequest; resolve: (result: RunResult) => void; reject: (error: unknown) => void }

export class RunCoalescer {
  private pending: Pending[] = []
  private scheduled = false

  constructor(private readonly scope: { context: KeystoneContext<any>; registry: RegistryReader }) {}

  run(request: RunRequest): Promise<RunResult> {
    // two jobs of one message (a sweeper re-enqueue beside the original) must not share a claim: the
    // second runs on its own and finds the message held or done, as it would in another process
    if (this.pending.some(p => p.request.messageId === request.messageId)) {
      return deliverBatch([request], this.scope).then(([result]) => result)
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ request, resolve, reject })
      if (this.scheduled) return
      this.scheduled = true
      setImmediate(() => void this.flush())
    })
  }

  private async flush() {
    this.scheduled = false
    const batch = this.pending.splice(0)
    try {
      const results = new Map((await deliverBatch(batch.map(p => p.request), this.scope)).map(result => [result.messageId, result]))
      for (const p of batch) p.resolve(results.get(p.request.messageId)!)
    } catch (error) {
      for (const p of batch) p.reject(error)
    }
  }
}

const coalescers = new WeakMap<object, RunCoalescer>()

/** One coalescer per worker context (a worker process has one). */
export function coalescerOf(context: KeystoneContext<any>, registry: RegistryReader) {
  let coalescer = coalescers.get(context)
  if (!coalescer) coalescers.set(context, (coalescer = new RunCoalescer({ context, registry })))
  return coalescer
}
