// sendMessage: validate, persist, then enqueue. The Message row is the source of truth: when the
// enqueue fails (Redis away), the row stays `sending` and the sweeper enqueues it later. A send inside
// the caller's transaction saves the message with it, and its delivery job waits IN_TRANSACTION_DELAY_MS
// before it runs: a job that ran before the commit would find no message. On PostgreSQL the job carries
// the transaction's id: a run that still finds no message waits again while the transaction has not
// ended, longer each time (names.ts COMMIT_WAITS, tasks/deliver-message.ts), about two minutes in all.
import type { KeystoneContext } from '@keystone-6/core/types'
import { inTransaction } from '../../adapters/database/in-transaction'
import { transactionIdOf } from '../../adapters/database/transaction-fate'
import { isUniqueViolation } from '../../adapters/database/unique-violation'
import type { RegistryReader } from '../define'
import { enqueueDelivery } from './enqueue-delivery'
import { DELIVER_BATCH_TASK, DELIVERY_BATCH_SIZE, IN_TRANSACTION_DELAY_MS, deliverBatchJobId, type DeliverBatchPayload } from './names'
import { isForeignKeyViolation, missingReference, prepare, type MetaMemo, type Prepared, type SendMessageInput, type SendMessageResult } from './prepare-message'
import { queueOf } from './registry'
import { atIndex, chunk, saveAll, type Saved } from './save-messages'
import { sendCoalescerOf } from './coalesce-sends'

export { messageTypeOrThrow, validateMeta, type SendMessageInput, type SendMessageResult } from './prepare-message'
export { enqueueDeliveries, enqueueDelivery } from './enqueue-delivery'
export { IN_TRANSACTION_DELAY_MS } from './names'

/**
 * One message. Calls made within one turn of the event loop (a burst of events, many API requests) are
 * saved in one transaction and enqueued in one round trip; each call still gets its own answer.
 */
export async function sendMessageWith(
  context: KeystoneContext<any>,
  registry: RegistryReader,
  input: SendMessageInput
): Promise<SendMessageResult> {
  const prepared = prepare(registry, input)
  const prisma = context.prisma as any
  // inside the caller's transaction: saved with it, not with other calls of this turn
  if (inTransaction(prisma)) return sendPrepared(prisma, registry, prepared, true)
  return sendCoalescerOf(prisma, registry, sendPrepared).send(prepared)
}

/**
 * Saves one prepared message (Prisma, not context.db: the list refuses creates through the API) and
 * enqueues it. `inCallers`: `prisma` is the caller's transaction; the run waits for its commit.
 */
export async function sendPrepared(prisma: any, registry: RegistryReader, { definition, data }: Prepared, inCallers = false): Promise<SendMessageResult> {
  const { uniqKey, recipientKey } = data
  let message: { id: string; status: string; generation: number }
  try {
    message = await prisma.message.create({ data, select: { id: true, status: true, generation: true } })
  } catch (error) {
    if (isForeignKeyViolation(error)) throw (await missingReference(prisma, data)) ?? error
    // the unique index (type, recipientKey, uniqKey) decided: another call created it first
    if (!uniqKey || !isUniqueViolation(error)) throw error
    const existing = await prisma.message.findFirst({
      where: { type: definition.type, recipientKey, uniqKey },
      select: { id: true, status: true },
    })
    if (!existing) throw error
    return { id: existing.id, status: existing.status, created: false }
  }

  const xid = inCallers ? await transactionIdOf(prisma) : undefined
  await enqueueDelivery(registry, definition, message.id, message.generation, inCallers ? { xid } : undefined).catch(error => {
    // the row is saved and stays `sending`: the sweeper enqueues it once the queue is back
    console.warn(`[notifications] message ${message.id} saved, enqueue failed (the sweeper will retry): ${(error as Error).message}`)
  })
  return { id: message.id, status: message.status, created: true }
}

/**
 * Many messages at once (a fan-out): every input is validated first, naming the index of a bad one;
 * then all are saved in one transaction — all or nothing — and enqueued after it commits, in batch jobs
 * of DELIVERY_BATCH_SIZE messages of one type. Inputs whose (type, recipient, uniqKey) already exists
 * return the existing message (`created: false`), as sendMessage does. Results are in input order.
 */
export async function sendMessagesWith(
  context: KeystoneContext<any>,
  registry: RegistryReader,
  inputs: readonly SendMessageInput[],
  /** pooled: one statement may skip Prisma for the adapter's pool (a task's fan-out; never with a transaction's client: raw-pool.ts) */
  options: { pooled?: boolean } = {}
): Promise<SendMessageResult[]> {
  const memo: MetaMemo = new Map()
  const prepared = inputs.map((input, index) => {
    try {
      return prepare(registry, input, memo)
    } catch (error) {
      throw atIndex(error, index)
    }
  })
  const prisma = context.prisma as any
  const inCallers = inTransaction(prisma)
  // a concurrent call may save the same uniqKey between our read and our insert: read again
  let saved: Saved | undefined
  for (let attempt = 1; !saved; attempt++) {
    try {
      saved = await saveAll(prisma, prepared, options)
    } catch (error) {
      if (!isUniqueViolation(error) || attempt === 3) throw error
    }
  }

  const created = prepared.flatMap((p, i) => (saved.created.has(i) ? [{ index: i, definition: p.definition, id: saved.created.get(i)!.id }] : []))
  const batches = new Map<string, typeof created>()
  for (const item of created) {
    const list = batches.get(item.definition.type) ?? []
    batches.set(item.definition.type, list)
    list.push(item)
  }
  const jobs = [...batches.values()].flatMap(list => chunk(list, DELIVERY_BATCH_SIZE))
  const xid = inCallers && jobs.length ? await transactionIdOf(prisma) : undefined
  await queueOf(registry)
    .enqueueMany(
      DELIVER_BATCH_TASK,
      jobs.map(items => ({
        payload: { messageIds: items.map(item => item.id), ...(xid ? { commit: { xid, waits: 0 } } : {}) } satisfies DeliverBatchPayload,
        options: { jobId: deliverBatchJobId(items[0].id), priority: items[0].definition.priority, delayMs: inCallers ? IN_TRANSACTION_DELAY_MS : undefined },
      }))
    )
    .catch(error => {
      console.warn(`[notifications] ${created.length} message(s) saved, enqueue failed (the sweeper will retry): ${(error as Error).message}`)
    })
  return prepared.map((_, i) => saved.created.get(i) ?? saved.existing.get(i)!)
}

