// Message state transitions, each a conditional update so that concurrent runs (a stalled BullMQ job
// taken over, a sweeper re-enqueue after Redis lost its data) agree on who holds a message.
// not from generated/: the config (and so this file) must load before the client is generated
import { DbNull } from '@prisma/client/runtime/client'
import { ACTIVE_STATUSES, type MessageStatus } from '../../schema/notifications/statuses'
import { providerOf } from '../../adapters/database'
import { rawRows } from '../../adapters/database/raw-pool'
import { isUniqueViolation } from '../../adapters/database/unique-violation'
import { updateEach, type Alongside, type UpdateEachSpec } from '../../adapters/database/update-each'
import type { DeliveryRows } from './delivery-rows'
import type { TraceEntry } from './trace'

type PrismaClient = any
const ACTIVE = [...ACTIVE_STATUSES]

/**
 * Takes the messages for one run: active, and no live lease. Returns the rows that are now ours. Only
 * the lease is written: `leaseUntil` is in no index and Message's pages keep free space (fillfactor,
 * schema/notifications/index.ts), so the claim is a HOT update that touches none of the table's indexes.
 * The status stays what it was (`sending` on a first run, `processing` on a later one); a live
 * `leaseUntil` is what says a run holds the message, and the sweeper leaves such messages alone.
 */
export async function claimMessages(prisma: PrismaClient, ids: readonly string[], leaseMs: number, options: { pooled?: boolean } = {}) {
  const now = new Date()
  const until = new Date(now.getTime() + leaseMs)
  if (providerOf(prisma) === 'postgresql') {
    // a run's client is the app's own: through its pool (raw-pool.ts); a test's transaction: through Prisma
    return rawRows<ClaimedRow>(prisma, CLAIM_SQL, [[...ids], until.toISOString(), now.toISOString()], { pool: !!options.pooled })
  }
  // one statement: UPDATE ... RETURNING
  return prisma.message.updateManyAndReturn({
    where: { id: { in: [...ids] }, status: { in: ACTIVE }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { leaseUntil: until },
  }) as Promise<ClaimedRow[]>
}

type ClaimedRow = Record<string, any> & { id: string; generation: number }

/**
 * The claim on PostgreSQL: the batch found by primary key only. The state test is wrapped (IS TRUE) so
 * that no index can serve it: with the status index in reach, a planner that believes few messages are
 * active (a table of old, final messages, then a broadcast's 100,000 new ones before the statistics
 * catch up) ANDs the batch's 100 keys with every active message's entry, on every claim (measured: 2.7 ms
 * a claim with 100,000 active, where the key walk takes 0.3 ms). Only the columns a run reads come back,
 * and whether any run left a MessageDelivery row for the message (`hasDeliveries`): on a first run none
 * did, and the run's writer then reads no rows for it (delivery-rows.ts `open`).
 */
export const CLAIM_SQL = `UPDATE "Message" SET "leaseUntil" = $2::timestamp(3)
  WHERE id = ANY($1::text[]) AND ("status" IN (${ACTIVE.map(s => `'${s}'`).join(', ')}) AND ("leaseUntil" IS NULL OR "leaseUntil" < $3::timestamp(3))) IS TRUE
  RETURNING id, type, "user" AS "userId", phone, email, "recipientKey", organization AS "organizationId", locale, meta, "isSecret", trace, generation, "createdAt",
    EXISTS (SELECT 1 FROM "MessageDelivery" d WHERE d.message = "Message".id) AS "hasDeliveries"`

/** A run's end for one message: a final status, or given back for a later run (a retry). */
export type RunEnd =
  | { id: string; status: MessageStatus; trace: TraceEntry[]; sentAt?: Date; secret: boolean }
  | { id: string; retryInMs: number; trace?: TraceEntry[]; dueAt?: Date }

const MESSAGE_COLUMNS = {
  model: 'message',
  table: 'Message',
  key: 'id',
  columns: { status: 'text', trace: 'jsonb', leaseUntil: 'timestamp(3)', sentAt: 'timestamp(3)', dueAt: 'timestamp(3)' },
  // a message canceled meanwhile stays canceled
  guard: { column: 'status', in: ACTIVE },
} as const satisfies UpdateEachSpec

/**
 * Writes the ends of many runs in one statement (per shape). Final: the status, trace and sentAt; secret
 * meta is cleared, nobody needs it now. Retry: processing (given back), due when the queue will run it
 * again. `rows`: the run's MessageDelivery writer; its new rows are inserted by the same statement, so
 * the rows and the trace entries that tell of them land together or not at all.
 */
export async function endRuns(prisma: PrismaClient, ends: readonly RunEnd[], rows?: DeliveryRows) {
  // rows a slow run is writing on their own (delivery-rows.ts) first: those a failed write handed back go with this end
  await rows?.written()
  const settled = rows?.takeSettled() ?? []
  try {
    await writeEnds(prisma, ends, settled.length ? rows!.alongside(settled) : undefined)
  } catch (error) {
    if (!settled.length) throw error
    if (!isUniqueViolation(error)) {
      // nothing landed: the rows go with the batch's give-back (deliver-batch.ts), so the next run knows what was sent
      rows!.putBack(settled)
      throw error
    }
    // an overlapping run (a lease that ran out) wrote some of these rows meanwhile: nothing landed; the
    // rows on their own (the later outcome over the earlier one), then the ends
    await rows!.insertSettled(settled)
    await writeEnds(prisma, ends)
  }
  const secrets = ends.filter(end => 'secret' in end && end.secret).map(end => end.id)
  if (secrets.length) await prisma.message.updateMany({ where: { id: { in: secrets } }, data: { meta: DbNull } })
}

function writeEnds(prisma: PrismaClient, ends: readonly RunEnd[], alongside?: Alongside) {
  // a run's client is the app's own, never a transaction's: the statement may skip Prisma (raw-pool.ts)
  const now = Date.now()
  return updateEach(
    prisma,
    MESSAGE_COLUMNS,
    ends.map(end =>
      'retryInMs' in end
        ? { id: end.id, status: 'processing', leaseUntil: null, dueAt: end.dueAt ?? new Date(now + end.retryInMs), trace: end.trace }
        : { id: end.id, status: end.status, leaseUntil: null, trace: end.trace, sentAt: end.sentAt }
    ),
    { pooled: true, alongside }
  )
}

/**
 * Not held by a run, or held by one whose lease ended stuckAfterMs ago (the claim leaves `dueAt` as it
 * was, so a message a run holds is told apart by its lease).
 */
const unleased = (stuckAfterMs: number) => ({ OR: [{ leaseUntil: null }, { leaseUntil: { lt: new Date(Date.now() - stuckAfterMs) } }] })

/**
 * Messages the queue seems to have lost: active, due long ago, and no run holding them. `lookbackMs`: only
 * those due within that long before the stuck cutoff. The walk is by due time (no index holds the status:
 * schema/notifications/index.ts), so it reads every message due in its range, final ones too: a bounded
 * range keeps a sweep to the recent ones (tasks/sweep-messages.ts), a sweep without one reads them all.
 */
export async function findStuck(prisma: PrismaClient, stuckAfterMs: number, take: number, lookbackMs?: number) {
  const cutoff = Date.now() - stuckAfterMs
  return prisma.message.findMany({
    where: {
      status: { in: ACTIVE },
      dueAt: { lt: new Date(cutoff), ...(lookbackMs === undefined ? {} : { gte: new Date(cutoff - lookbackMs) }) },
      ...unleased(stuckAfterMs),
    },
    select: { id: true, generation: true, type: true },
    orderBy: { dueAt: 'asc' },
    take,
  }) as Promise<{ id: string; generation: number; type: string }[]>
}

/** Bumps the generation if nobody else did: exactly one sweeper re-enqueues a stuck message. */
export async function takeForRequeue(prisma: PrismaClient, message: { id: string; generation: number }, stuckAfterMs: number) {
  const { count } = await prisma.message.updateMany({
    where: { id: message.id, generation: message.generation, status: { in: ACTIVE }, dueAt: { lt: new Date(Date.now() - stuckAfterMs) }, ...unleased(stuckAfterMs) },
    data: { generation: message.generation + 1, dueAt: new Date() },
  })
  return count === 1
}
