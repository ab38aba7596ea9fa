// sendMessage calls made within one turn of the event loop share one transaction (the uniqKey read and
// one INSERT) and one round trip to the queue, as a fan-out does. When the shared save fails (a missing
// user, a uniqKey race), each call is saved on its own, so each gets exactly the answer it would alone.
import type { RegistryReader } from '../define'
import { enqueueDeliveryMany } from './enqueue-delivery'
import type { Prepared, SendMessageResult } from './prepare-message'
import { saveAll } from './save-messages'

type Pending = { prepared: Prepared; resolve: (result: SendMessageResult) => void; reject: (error: unknown) => void }
type SaveOne = (prisma: any, registry: RegistryReader, prepared: Prepared) => Promise<SendMessageResult>

export class SendCoalescer {
  private pending: Pending[] = []
  private scheduled = false

  constructor(
    private readonly prisma: any,
    private readonly registry: RegistryReader,
    private readonly saveOne: SaveOne
  ) {}

  send(prepared: Prepared): Promise<SendMessageResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ prepared, resolve, reject })
      if (this.scheduled) return
      this.scheduled = true
      setImmediate(() => void this.flush())
    })
  }

  private async flush() {
    this.scheduled = false
    const batch = this.pending.splice(0)
    if (batch.length === 1) return this.alone(batch[0])
    let saved
    try {
      saved = await saveAll(this.prisma, batch.map(p => p.prepared))
    } catch {
      return Promise.all(batch.map(p => this.alone(p)))
    }
    const created = batch.flatMap((p, i) => (saved.created.has(i) ? [{ definition: p.prepared.definition, messageId: saved.created.get(i)!.id }] : []))
    if (created.length) {
      await enqueueDeliveryMany(this.registry, created).catch(error => {
        // the rows are saved and stay `sending`: the sweeper enqueues them once the queue is back
        console.warn(`[notifications] ${created.length} message(s) saved, enqueue failed (the sweeper will retry): ${(error as Error).message}`)
      })
    }
    batch.forEach((p, i) => p.resolve(saved.created.get(i) ?? saved.existing.get(i)!))
  }

  private alone(p: Pending) {
    return this.saveOne(this.prisma, this.registry, p.prepared).then(p.resolve, p.reject)
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
