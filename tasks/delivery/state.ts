// Message state transitions, each a conditional update so that concurrent runs (a stalled BullMQ job
// taken over, a sweeper re-enqueue after Redis lost its data) agree on who holds a message.
// not from generated/: the config (and so this file) must load before the client is generated
import { DbNull } from '@prisma/client/runtime/client'
import { ACTIVE_STATUSES, type MessageStatus } from '../../schema/notifications/statuses'
import type { TraceEntry } from './trace'

type PrismaClient = any
const ACTIVE = [...ACTIVE_STATUSES]

/** Takes the message for one run: active, and no live lease. Returns the row, or null when not ours. */
export async function claimMessage(prisma: PrismaClient, id: string, leaseMs: number) {
  const now = new Date()
  const until = new Date(now.getTime() + leaseMs)
  const { count } = await prisma.message.updateMany({
    where: { id, status: { in: ACTIVE }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { status: 'processing', leaseUntil: until, dueAt: until },
  })
  if (!count) return null
  return prisma.message.findUnique({ where: { id } })
}

/** The final status; a message canceled meanwhile stays canceled. Secret meta is cleared: nobody needs it now. */
export async function finishMessage(
  prisma: PrismaClient,
  id: string,
  status: MessageStatus,
  trace: TraceEntry[],
  options: { secret: boolean; sentAt?: Date }
) {
  await prisma.message.updateMany({
    where: { id, status: { in: ACTIVE } },
    data: {
      status,
      trace,
      leaseUntil: null,
      ...(options.sentAt ? { sentAt: options.sentAt } : {}),
      ...(options.secret ? { meta: DbNull } : {}),
    },
  })
}

/** Gives the message back for a later run (a retry): due when the queue will run it again. */
export async function releaseForRetry(prisma: PrismaClient, id: string, trace: TraceEntry[] | undefined, delayMs: number) {
  await prisma.message.updateMany({
    where: { id, status: { in: ACTIVE } },
    data: { status: 'processing', leaseUntil: null, dueAt: new Date(Date.now() + delayMs), ...(trace ? { trace } : {}) },
  })
}

/** Messages the queue seems to have lost: active, and due long ago. */
export async function findStuck(prisma: PrismaClient, stuckAfterMs: number, take: number) {
  return prisma.message.findMany({
    where: { status: { in: ACTIVE }, dueAt: { lt: new Date(Date.now() - stuckAfterMs) } },
    select: { id: true, generation: true, type: true },
    orderBy: { dueAt: 'asc' },
    take,
  }) as Promise<{ id: string; generation: number; type: string }[]>
}

/** Bumps the generation if nobody else did: exactly one sweeper re-enqueues a stuck message. */
export async function takeForRequeue(prisma: PrismaClient, message: { id: string; generation: number }, stuckAfterMs: number) {
  const { count } = await prisma.message.updateMany({
    where: { id: message.id, generation: message.generation, status: { in: ACTIVE }, dueAt: { lt: new Date(Date.now() - stuckAfterMs) } },
    data: { generation: message.generation + 1, dueAt: new Date() },
  })
  return count === 1
}
