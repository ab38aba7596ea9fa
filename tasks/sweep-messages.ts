// The sweeper: the database is the source of truth, the queue a cache of it. Messages still
// sending/processing long after they were due (Redis lost its data, a worker died and its job was
// dropped, an enqueue failed) are enqueued again. The generation bump is a compare-and-set, so
// concurrent sweepers enqueue each message once; the delivery run's lease and the per-address rows
// make sure nothing already sent is sent again. It also deletes short unsubscribe links a week past expiry.
//
// Most sweeps look only at messages due in the last half hour or so (recentWindowMs): the walk is by due
// time and reads final messages too (state.ts findStuck), so a sweep over all of them would read the
// whole history every minute. A message stops being recent only after it was sweepable for many sweeps
// (due, unleased, and not re-enqueued, which makes it due now). A process's first sweep, one every
// DEEP_SWEEP_EVERY_MS, and the one after a deep sweep that found a full batch look at all of them: what
// workers that were down for longer left behind.
import type { NotificationOptions } from './delivery/contracts'
import { defineTask, type RegistryReader } from './define'
import { SWEEP_TASK } from './delivery/names'
import { messageTypes, notificationOptions } from './delivery/registry'
import { enqueueDelivery } from './delivery/send-message'
import { findStuck, takeForRequeue } from './delivery/state'
import { purgeExpiredShortLinks } from './delivery/unsubscribe-short-link'

export const sweepMessagesTask = defineTask<Record<string, never>>({
  name: SWEEP_TASK,
  concurrency: 1,
  retry: { attempts: 1 },
  async run(_payload, { context, registry }) {
    const options = notificationOptions(registry)
    const types = messageTypes(registry)
    const deep = deepSweepDue(registry)
    const stuck = await findStuck(context.prisma, options.stuckAfterMs, options.sweepBatch, deep ? undefined : recentWindowMs(options))
    if (deep) deepSweeps.set(registry, { at: Date.now(), full: stuck.length >= options.sweepBatch })
    let requeued = 0
    for (const message of stuck) {
      if (!(await takeForRequeue(context.prisma, message, options.stuckAfterMs))) continue
      await enqueueDelivery(registry, types.get(message.type), message.id, message.generation + 1)
      requeued++
    }
    if (requeued) console.warn(`[notifications] sweeper re-enqueued ${requeued} stuck message(s)`)
    // housekeeping on the same timer: short unsubscribe links long expired
    const purged = await purgeExpiredShortLinks(context.prisma)
    return { requeued, purged }
  },
})

/** How often a sweep looks at every message, not only the recent ones. */
export const DEEP_SWEEP_EVERY_MS = 6 * 60 * 60_000

/**
 * How far before the stuck cutoff a regular sweep looks: past a lease that ran out (a dead run), the
 * sweeps a message is sweepable for, a caller's transaction committed late and clocks a little apart.
 */
export function recentWindowMs(options: Pick<NotificationOptions, 'stuckAfterMs' | 'sweepEveryMs' | 'leaseMs'>) {
  return Math.max(30 * 60_000, 3 * (options.stuckAfterMs + options.sweepEveryMs + options.leaseMs))
}

/** The last sweep over every message, per app (its registry). */
const deepSweeps = new WeakMap<RegistryReader, { at: number; full: boolean }>()

function deepSweepDue(registry: RegistryReader) {
  const last = deepSweeps.get(registry)
  return !last || last.full || Date.now() - last.at >= DEEP_SWEEP_EVERY_MS
}
