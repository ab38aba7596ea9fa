// The sweeper: the database is the source of truth, the queue a cache of it. Messages still
// sending/processing long after they were due (Redis lost its data, a worker died and its job was
// dropped, an enqueue failed) are enqueued again. The generation bump is a compare-and-set, so
// concurrent sweepers enqueue each message once; the delivery run's lease and the per-address rows
// make sure nothing already sent is sent again. It also deletes short unsubscribe links a week past expiry.
import { defineTask } from './define'
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
    const stuck = await findStuck(context.prisma, options.stuckAfterMs, options.sweepBatch)
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
