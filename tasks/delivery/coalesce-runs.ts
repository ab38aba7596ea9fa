// Single-message jobs that start within one turn of the event loop share one engine call: a worker
// running 50 of them at once claims, reads the rules and writes the outcomes for all of them together, as a
// batch job does. Each job still gets its own result, so retries stay per job.
import type { KeystoneContext } from '@keystone-6/core/types'
import type { RegistryReader } from '../define'
import { deliverBatch, type RunRequest, type RunResult } from './deliver-batch'
import { TurnBatch } from './turn-batch'

export class RunCoalescer {
  private readonly runs = new TurnBatch<RunRequest, RunResult>(async waiting => {
    const results = new Map((await deliverBatch(waiting.map(w => w.item), this.scope)).map(result => [result.messageId, result]))
    for (const w of waiting) w.resolve(results.get(w.item.messageId)!)
  })

  constructor(private readonly scope: { context: KeystoneContext<any>; registry: RegistryReader }) {}

  run(request: RunRequest): Promise<RunResult> {
    // two jobs of one message (a sweeper re-enqueue beside the original) must not share a claim: the
    // second runs on its own and finds the message held or done, as it would in another process
    if (this.runs.has(waiting => waiting.messageId === request.messageId)) {
      return deliverBatch([request], this.scope).then(([result]) => result)
    }
    return this.runs.add(request)
  }
}

const coalescers = new WeakMap<object, RunCoalescer>()

/** One coalescer per worker context (a worker process has one). */
export function coalescerOf(context: KeystoneContext<any>, registry: RegistryReader) {
  let coalescer = coalescers.get(context)
  if (!coalescer) coalescers.set(context, (coalescer = new RunCoalescer({ context, registry })))
  return coalescer
}
