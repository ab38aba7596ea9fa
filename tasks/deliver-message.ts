// The delivery tasks. `deliverMessage` runs one message and leaves retries to the queue (exponential
// backoff, or a provider's retry-after). `deliverMessages` runs a fan-out batch in one go; a message of
// the batch that needs another run is handed to its own `deliverMessage` job, which carries on counting
// runs from there. Both run the same engine (delivery/deliver-batch.ts).
import { RetryAfterError } from '../adapters/queue/types'
import { defineTask, type TaskRunArgs } from './define'
import { coalescerOf } from './delivery/coalesce-runs'
import { deliverBatch, type RunResult } from './delivery/deliver-batch'
import { DELIVER_BATCH_TASK, DELIVER_TASK, DEFAULT_RETRY, deliverQuietJobId, type DeliverBatchPayload, type DeliverPayload } from './delivery/names'
import { messageTypes } from './delivery/registry'
import { enqueueDeliveries } from './delivery/send-message'

/** Thrown to end a run that will be retried; the queue applies the delay. */
class RetryLater extends Error {
  name = 'RetryLater'
}

export const deliverMessageTask = defineTask<DeliverPayload>({
  name: DELIVER_TASK,
  retry: DEFAULT_RETRY,
  // jobs that start together share one engine run (coalesce-runs.ts): more at once, bigger shared runs.
  // Measured (bench --chunk 1, 5,000 messages, load 12-15): 50 gave 330-440 msg/s, 150 gave 650-850
  concurrency: 150,
  run: (payload, args) => deliverMessage(payload, args),
})

export async function deliverMessage(payload: DeliverPayload, { context, job, registry }: Pick<TaskRunArgs, 'context' | 'job' | 'registry'>) {
  const retry = { attempts: payload.attempts ?? DEFAULT_RETRY.attempts, backoffMs: payload.backoffMs ?? DEFAULT_RETRY.backoffMs }
  const run = (payload.runsBefore ?? 0) + job.attempt
  const result = await coalescerOf(context, registry).run({ messageId: payload.messageId, run, retry })
  switch (result.kind) {
    case 'done':
      return { status: result.status }
    case 'skipped':
      return { skipped: result.status }
    case 'deferred': {
      // quiet hours: a delayed job for the window's end; this run does not count against the retries
      const [next] = handoff(result, run)
      await enqueueDeliveries(registry, [{ ...next, definition: messageTypes(registry).get(result.type) }])
      return { deferredUntil: result.until.toISOString() }
    }
    case 'held':
      if (result.lastRun) return { skipped: 'leased' } // if that run died, the sweeper re-enqueues it
      throw new RetryAfterError(`message ${payload.messageId} is held by another delivery run`, result.waitMs)
    case 'retry':
      if (result.retryAfter) throw new RetryAfterError('a transport asked to retry later', result.delayMs)
      throw new RetryLater('a transport failed transiently')
    case 'failed':
      throw result.error // recorded on the message; the queue retries unless this was the last run
  }
}

/** A batch job's runs: one attempt at the batch level is the first run of each of its messages. */
export const deliverMessagesTask = defineTask<DeliverBatchPayload>({
  name: DELIVER_BATCH_TASK,
  // the whole batch fails only when the database does: a few tries, then the sweeper's turn
  retry: { attempts: 3, backoffMs: 5_000 },
  // a batch waits on the database most of its run: 8 overlap more of those waits (bench:broadcast,
  // 100,000 messages: about 8% less CPU than 4, wall time the same within the machine's noise)
  concurrency: 8,
  async run(payload, { context, job, registry }) {
    const results = await deliverBatch(payload.messageIds.map(messageId => ({ messageId, run: job.attempt })), { context, registry })
    const again = results.flatMap(result => handoff(result, job.attempt))
    if (again.length) {
      const types = messageTypes(registry)
      await enqueueDeliveries(registry, again.map(({ type, ...a }) => ({ ...a, definition: types.get(type) }))).catch(error => {
        // the messages are saved with their due time: the sweeper enqueues them once the queue is back
        console.warn(`[notifications] ${again.length} message(s) of a batch need another run; enqueue failed (the sweeper will retry): ${(error as Error).message}`)
      })
    }
    return summarize(results)
  },
})

/** The follow-up job a batch result needs, if any. */
function handoff(result: RunResult, run: number) {
  if (result.kind === 'deferred') {
    const jobId = deliverQuietJobId(result.messageId, result.generation, result.until.getTime())
    return [{ messageId: result.messageId, type: result.type, generation: result.generation, runsBefore: run - 1, delayMs: result.delayMs, jobId }]
  }
  if (result.kind === 'retry' || (result.kind === 'failed' && result.delayMs !== null)) {
    return [{ messageId: result.messageId, type: result.type, generation: result.generation, runsBefore: run, delayMs: result.delayMs! }]
  }
  // held by another run: this run did not happen, so the follow-up is this run again
  if (result.kind === 'held' && !result.lastRun) {
    return [{ messageId: result.messageId, type: result.type, generation: result.generation, runsBefore: run - 1, delayMs: result.waitMs }]
  }
  return []
}

function summarize(results: RunResult[]) {
  const counts: Record<string, number> = {}
  for (const result of results) {
    const key = result.kind === 'done' ? result.status : result.kind
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}
