// Per-request batching for virtual fields: a page of 50 contacts asks for 50 values in one turn of the
// event loop; they are collected and loaded with one query (`loadMany`), then answered from that result.
// Keyed by the context object, like request-cache.ts (Keystone makes one per request).
type Batch<T> = { pending: Map<string, ((value: T | undefined) => void)[]>; failures: ((error: unknown) => void)[] }

const batches = new WeakMap<object, Map<string, Batch<any>>>()

export function loadInBatch<T>(context: object, name: string, key: string, loadMany: (keys: string[]) => Promise<Map<string, T>>): Promise<T | undefined> {
  let byName = batches.get(context)
  if (!byName) batches.set(context, (byName = new Map()))
  let batch = byName.get(name) as Batch<T> | undefined
  if (!batch) {
    const fresh: Batch<T> = { pending: new Map(), failures: [] }
    byName.set(name, (batch = fresh))
    // after this turn: every resolver of the page has asked by then
    setImmediate(async () => {
      byName!.delete(name)
      try {
        const found = await loadMany([...fresh.pending.keys()])
        for (const [k, waiters] of fresh.pending) for (const resolve of waiters) resolve(found.get(k))
      } catch (error) {
        for (const reject of fresh.failures) reject(error)
      }
    })
  }
  const current = batch
  return new Promise<T | undefined>((resolve, reject) => {
    current.pending.set(key, [...(current.pending.get(key) ?? []), resolve])
    current.failures.push(reject)
  })
}
