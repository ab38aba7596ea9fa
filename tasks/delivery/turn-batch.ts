// Work asked for within one turn of the event loop, done together (the DataLoader idea): callers add an
// item and await their own answer; on the next turn `flush` gets every item added meanwhile and settles
// each one. A flush that throws fails every item it had not settled.
export type Waiting<T, R> = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }

export class TurnBatch<T, R> {
  private waiting: Waiting<T, R>[] = []
  private scheduled = false

  constructor(private readonly flush: (waiting: Waiting<T, R>[]) => Promise<void>) {}

  /** Whether an item like this waits for the next flush. */
  has(matches: (item: T) => boolean) {
    return this.waiting.some(w => matches(w.item))
  }

  add(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject })
      if (this.scheduled) return
      this.scheduled = true
      setImmediate(() => {
        this.scheduled = false
        const batch = this.waiting.splice(0)
        // settling a settled promise does nothing: only the items the flush left open are failed
        this.flush(batch).catch(error => batch.forEach(w => w.reject(error)))
      })
    })
  }
}

/**
 * A read by key (a user's push tokens, chat, email) that channels make for every message of a delivery
 * run: the keys asked for within one turn become one query per client. Nothing is cached across turns,
 * so each run reads what is there now (a token pruned a moment ago is gone).
 */
export function loaderByKey<R>(load: (prisma: any, keys: string[]) => Promise<Map<string, R>>) {
  const batches = new WeakMap<object, TurnBatch<string, R | undefined>>()
  return (prisma: any, key: string): Promise<R | undefined> => {
    let batch = batches.get(prisma)
    if (!batch) {
      batch = new TurnBatch<string, R | undefined>(async waiting => {
        const found = await load(prisma, [...new Set(waiting.map(w => w.item))])
        for (const w of waiting) w.resolve(found.get(w.item))
      })
      batches.set(prisma, batch)
    }
    return batch.add(key)
  }
}
