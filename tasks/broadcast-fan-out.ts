// A broadcast's fan-out: the audience walked in keyset pages of users, each page one sendMessages call
// (one insert, batch delivery jobs). Idempotent twice over: every recipient's message carries the
// broadcast's uniqKey, unique per (type, recipient), so a page sent again creates nothing; and the
// checkpoint (the last user id done) lets a re-run skip what is done. Killed anywhere, re-run: the same
// messages, once each. The sweeper (below) re-enqueues broadcasts whose job the queue lost.
import {
  audienceOf,
  audiencePage,
  broadcastUniqKey,
  countAudience,
  messageTypeOf,
  renderBroadcast,
} from '../schema/broadcasts'
import { defineTask, type RegistryReader } from './define'
import { clockOf, queueOf } from './delivery/registry'
import { sendMessagesWith } from './delivery/send-message'
import type { KeystoneContext } from '@keystone-6/core/types'

export const BROADCAST_FAN_OUT_TASK = 'broadcastFanOut'
export const BROADCAST_SWEEP_TASK = 'sweepBroadcasts'
/** Users per sendMessages call. */
export const FAN_OUT_PAGE = 1000
/** A fan-out that wrote no checkpoint for this long is taken to be dead. */
export const FAN_OUT_STALE_MS = 2 * 60_000

export type FanOutPayload = { broadcastId: string }
type Scope = { context: KeystoneContext<any>; registry: RegistryReader }

export const fanOutJobId = (broadcastId: string, key: string | number) => `broadcast-${broadcastId}-${key}`

export function enqueueFanOut(registry: RegistryReader, broadcastId: string, at: Date, now: Date) {
  return queueOf(registry).enqueue(BROADCAST_FAN_OUT_TASK, { broadcastId } satisfies FanOutPayload, {
    jobId: fanOutJobId(broadcastId, at.getTime()),
    delayMs: Math.max(0, at.getTime() - now.getTime()),
  })
}

export type FanOutResult = { status: 'skipped' | 'sent'; created: number; pages: number }

/** Runs (or resumes) one broadcast's fan-out. `stopAfterPages` ends it early as a killed worker would (tests). */
export async function fanOutBroadcast(broadcastId: string, scope: Scope, options: { pageSize?: number; stopAfterPages?: number } = {}): Promise<FanOutResult> {
  const prisma = scope.context.prisma as any
  const now = clockOf(scope.registry).now()
  // take it: a due scheduled broadcast becomes sending (one run wins); a sending one is resumed
  const taken = await prisma.broadcast.updateMany({
    where: { id: broadcastId, OR: [{ status: 'scheduled', OR: [{ scheduledAt: null }, { scheduledAt: { lte: now } }] }, { status: 'sending' }] },
    data: { status: 'sending', heartbeatAt: new Date() },
  })
  if (taken.count === 0) return { status: 'skipped', created: 0, pages: 0 }
  const audience = (await audienceOf(prisma, broadcastId))!
  const { broadcast } = audience
  // the count shown as resolved reads only the audience's tables, which the fan-out does not write: it
  // runs beside the first pages instead of before them (a 100,000-resident count takes about a second)
  const resolved: Promise<unknown> = broadcast.sendingAt
    ? Promise.resolve()
    : countAudience(prisma, audience).then(count =>
        prisma.broadcast.updateMany({ where: { id: broadcastId, sendingAt: null }, data: { sendingAt: now, recipientsResolved: count } })
      )
  resolved.catch(() => {}) // awaited before the end (or the test stop); a failure fails the run then
  const type = messageTypeOf(broadcast.kind)
  const meta = renderBroadcast(broadcast.title, broadcast.body)
  const uniqKey = broadcastUniqKey(broadcastId)
  let after: string | null = broadcast.checkpoint || null
  let created = 0
  let pages = 0
  const pageSize = options.pageSize ?? FAN_OUT_PAGE
  // the next page is read while this one is saved and enqueued (keyset: it only needs this page's last id),
  // and a page's checkpoint is written while the next page is saved (it only records what is saved)
  let next = audiencePage(prisma, audience, after, pageSize)
  let checkpoint: Promise<unknown> = Promise.resolve()
  for (;;) {
    if (options.stopAfterPages !== undefined && pages >= options.stopAfterPages) {
      await Promise.all([checkpoint, resolved])
      throw new Error('fan-out stopped (test)')
    }
    const users = await next
    if (!users.length) break
    next = audiencePage(prisma, audience, users[users.length - 1], pageSize)
    next.catch(() => {}) // awaited on the next turn; a failure there fails the run then
    const results = await sendMessagesWith(
      scope.context,
      scope.registry,
      users.map(userId => ({ type, organizationId: broadcast.organizationId, to: { userId }, meta, uniqKey, sentById: broadcast.sentById })),
      { pooled: true } // a task's own client, never a transaction's
    )
    const fresh = results.filter(result => result.created).length
    created += fresh
    pages++
    after = users[users.length - 1]
    await checkpoint
    checkpoint = prisma.broadcast.update({ where: { id: broadcastId }, data: { checkpoint: after, heartbeatAt: new Date(), recipientsQueued: { increment: fresh } } })
    checkpoint.catch(() => {}) // awaited before the next checkpoint or the end; a failure fails the run then
  }
  await Promise.all([checkpoint, resolved])
  await prisma.broadcast.updateMany({ where: { id: broadcastId, status: 'sending' }, data: { status: 'sent', sentAt: clockOf(scope.registry).now() } })
  return { status: 'sent', created, pages }
}

export const broadcastFanOutTask = defineTask<FanOutPayload>({
  name: BROADCAST_FAN_OUT_TASK,
  concurrency: 2,
  retry: { attempts: 5, backoffMs: 5_000 },
  run: (payload, { context, registry }) => fanOutBroadcast(payload.broadcastId, { context, registry }),
})

/** Scheduled broadcasts past their time and fan-outs gone quiet: enqueued again (the queue is a cache of the database). */
export const sweepBroadcastsTask = defineTask<Record<string, never>>({
  name: BROADCAST_SWEEP_TASK,
  concurrency: 1,
  retry: { attempts: 1 },
  async run(_payload, { context, registry }) {
    const prisma = context.prisma as any
    const now = clockOf(registry).now()
    const stale = new Date(Date.now() - FAN_OUT_STALE_MS)
    const due: { id: string }[] = await prisma.broadcast.findMany({
      where: { OR: [{ status: 'scheduled', scheduledAt: { lte: new Date(now.getTime() - 60_000) } }, { status: 'sending', heartbeatAt: { lt: stale } }] },
      select: { id: true },
      take: 100,
    })
    // one job per broadcast and sweep window: a live job of this window is not duplicated
    for (const { id } of due) {
      await queueOf(registry).enqueue(BROADCAST_FAN_OUT_TASK, { broadcastId: id } satisfies FanOutPayload, { jobId: fanOutJobId(id, `sweep${Math.floor(Date.now() / FAN_OUT_STALE_MS)}`) })
    }
    return { requeued: due.length }
  },
})
