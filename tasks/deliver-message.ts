// The delivery tasks. `deliverMessage` runs one message and leaves retries to the queue (exponential
// backoff, or a provider's retry-after). `deliverMessages` runs a fan-out batch in one go; a message of
// the batch that needs another run is handed to its own `deliverMessage` job, which carries on counting
// runs from there. Both run the same engine (delivery/deliver-batch.ts). A job of messages saved inside a
// caller's transaction that finds them missing while that transaction has not ended waits for its commit
// in a job of its own, longer each time (names.ts COMMIT_WAITS); such runs do not count against the retries.
import { transactionFate } from '../adapters/database/transaction-fate'
import { RetryAfterError } from '../adapters/queue/types'
import { defineTask, type RegistryReader, type TaskRunArgs } from './define'
import { coalescerOf } from './delivery/coalesce-runs'
import { deliverBatch, type RunResult } from './delivery/deliver-batch'
import {
  COMMIT_WAITS,
  DELIVER_BATCH_TASK,
  DELIVER_TASK,
  DEFAULT_RETRY,
  commitWaitJobId,
  commitWaitMs,
  deliverBatchJobId,
  deliverJobId,
  quietJobId,
  type CommitWait,
  type DeliverBatchPayload,
  type DeliverPayload,
} from './delivery/names'
import { messageTypes, queueOf } from './delivery/registry'
import { enqueueDeliveries, remainingRetry } from './delivery/enqueue-delivery'

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
    case 'skipped': {
      const commit = result.status === 'missing' ? await nextCommitWait(context.prisma, payload.commit) : undefined
      if (!commit) return { skipped: result.status }
      // saved inside a transaction that has not ended: this run did not happen; the next waits longer
      await queueOf(registry).enqueue(DELIVER_TASK, { ...payload, runsBefore: run - 1, commit } satisfies DeliverPayload, {
        jobId: commitWaitJobId(deliverJobId(payload.messageId, 1), commit.waits),
        delayMs: commitWaitMs(commit.waits),
        ...remainingRetry(retry, run - 1),
      })
      return { waitingForCommit: commit.waits }
    }
    case 'deferred': {
      // quiet hours: a delayed job for the window's end; this run does not count against the retries
      const [next] = handoff(result, run, job.jobId)
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
    const waiting = await waitForCommit(context.prisma, registry, payload, results)
    const deferred = await deferTogether(registry, results, job)
    const again = results.filter(result => !deferred.has(result.messageId)).flatMap(result => handoff(result, job.attempt, job.jobId))
    if (again.length) {
      const types = messageTypes(registry)
      await enqueueDeliveries(registry, again.map(({ type, ...a }) => ({ ...a, definition: types.get(type) }))).catch(error => {
        // the messages are saved with their due time: the sweeper enqueues them once the queue is back
        console.warn(`[notifications] ${again.length} message(s) of a batch need another run; enqueue failed (the sweeper will retry): ${(error as Error).message}`)
      })
    }
    return waiting ? { ...summarize(results), waitingForCommit: waiting } : summarize(results)
  },
})

type Deferred = Extract<RunResult, { kind: 'deferred' }>

/**
 * A batch's first run put some messages off for quiet hours: those due again at the same moment (one
 * organization's window, one time zone's) wait as one batch job instead of a job each, so a broadcast
 * sent at night waits as its batches, not as 100,000 delayed jobs, and goes out in the morning as it
 * would have at once. A later attempt of the batch hands them over one by one (their runs go on counting
 * from there). Returns the messages it took care of.
 */
async function deferTogether(registry: RegistryReader, results: RunResult[], job: { jobId: string; attempt: number }): Promise<Set<string>> {
  if (job.attempt !== 1) return new Set()
  const groups = new Map<string, Deferred[]>()
  for (const result of results) {
    if (result.kind !== 'deferred') continue
    const key = `${result.type}\u0000${result.until.getTime()}`
    groups.set(key, [...(groups.get(key) ?? []), result])
  }
  if (!groups.size) return new Set()
  const types = messageTypes(registry)
  const batches = [...groups.values()]
  await queueOf(registry)
    .enqueueMany(
      DELIVER_BATCH_TASK,
      batches.map(batch => ({
        payload: { messageIds: batch.map(result => result.messageId) } satisfies DeliverBatchPayload,
        options: { jobId: quietJobId(job.jobId, batch[0].messageId, batch[0].until.getTime()), delayMs: batch[0].delayMs, priority: types.get(batch[0].type)?.priority },
      }))
    )
    .catch(error => {
      // each message is saved due at its window's end: the sweeper enqueues it once the queue is back
      console.warn(`[notifications] messages put off for quiet hours; enqueue failed (the sweeper will retry): ${(error as Error).message}`)
    })
  return new Set(batches.flat().map(result => result.messageId))
}

/**
 * The next wait for the commit of the caller's transaction that saved a message this run found missing,
 * or undefined: not saved inside one, that transaction rolled back, or the waits are used up.
 */
async function nextCommitWait(prisma: unknown, commit: CommitWait | undefined): Promise<CommitWait | undefined> {
  if (!commit || commit.waits >= COMMIT_WAITS) return undefined
  // committed (between our read and this question) or unknown: one more look, like an open one
  if ((await transactionFate(prisma, commit.xid)) === 'aborted') return undefined
  return { xid: commit.xid, waits: commit.waits + 1 }
}

/** A batch's messages whose transaction has not ended: one batch job of them waits for the commit. Returns how many. */
async function waitForCommit(prisma: unknown, registry: RegistryReader, payload: DeliverBatchPayload, results: RunResult[]) {
  const missing = results.filter(result => result.kind === 'skipped' && result.status === 'missing').map(result => result.messageId)
  const commit = missing.length ? await nextCommitWait(prisma, payload.commit) : undefined
  if (!commit) return 0
  await queueOf(registry).enqueue(DELIVER_BATCH_TASK, { messageIds: missing, commit } satisfies DeliverBatchPayload, {
    jobId: commitWaitJobId(deliverBatchJobId(missing[0]), commit.waits),
    delayMs: commitWaitMs(commit.waits),
  })
  return missing.length
}

type Handoff = { messageId: string; type: string; generation: number; runsBefore: number; delayMs: number; jobId?: string }

/** The follow-up job a result needs, if any; `fromJobId`: the job whose run this was. */
function handoff(result: RunResult, run: number, fromJobId: string): Handoff[] {
  if (result.kind === 'deferred') {
    const jobId = quietJobId(fromJobId, result.messageId, result.until.getTime())
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
