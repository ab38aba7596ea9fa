// sendMessage calls made within one turn of the event loop share one transaction (the uniqKey read and
// one INSERT) and one round trip to the queue, as a fan-out does. When the shared save fails (a missing
// user, a uniqKey race), each call is saved on its own, so each gets exactly the answer it would alone.
import type { RegistryReader } from '../define'
import { enqueueDeliveryMany } from './enqueue-delivery'
import type { Prepared, SendMessageResult } from './prepare-message'
import { saveAll } from './save-messages'
import { TurnBatch, type Waiting } from './turn-batch'

type SaveOne = (prisma: any, registry: RegistryReader, prepared: Prepared) => Promise<SendMessageResult>
type Send = Waiting<Prepared, SendMessageResult>

export class SendCoalescer {
  private readonly sends = new TurnBatch<Prepared, SendMessageResult>(batch => this.flush(batch))

  constructor(
    private readonly prisma: any,
    private readonly registry: RegistryReader,
    private readonly saveOne: SaveOne
  ) {}

  send(prepared: Prepared): Promise<SendMessageResult> {
    return this.sends.add(prepared)
  }

  private async flush(batch: Send[]) {
    if (batch.length === 1) return this.alone(batch[0])
    let saved
    try {
      saved = await saveAll(this.prisma, batch.map(s => s.item))
    } catch {
      await Promise.all(batch.map(s => this.alone(s)))
      return
    }
    const created = batch.flatMap((s, i) => (saved.created.has(i) ? [{ definition: s.item.definition, messageId: saved.created.get(i)!.id }] : []))
    if (created.length) {
      await enqueueDeliveryMany(this.registry, created).catch(error => {
        // the rows are saved and stay `sending`: the sweeper enqueues them once the queue is back
        console.warn(`[notifications] ${created.length} message(s) saved, enqueue failed (the sweeper will retry): ${(error as Error).message}`)
      })
    }
    batch.forEach((s, i) => s.resolve(saved.created.get(i) ?? saved.existing.get(i)!))
  }

  private alone(s: Send) {
    return this.saveOne(this.prisma, this.registry, s.item).then(s.resolve, s.reject)
  }
}

const coalescers = new WeakMap<object, WeakMap<RegistryReader, SendCoalescer>>()

/** One coalescer per database client and registry (a process has one of each). */
export function sendCoalescerOf(prisma: object, registry: RegistryReader, saveOne: SaveOne) {
  const byRegistry = coalescers.get(prisma) ?? new WeakMap<RegistryReader, SendCoalescer>()
  coalescers.set(prisma, byRegistry)
  let coalescer = byRegistry.get(registry)
  if (!coalescer) byRegistry.set(registry, (coalescer = new SendCoalescer(prisma, registry, saveOne)))
  return coalescer
}
