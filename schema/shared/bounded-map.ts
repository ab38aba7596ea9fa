// A Map that keeps at most `max` entries, dropping the oldest when full: for per-process memos keyed by
// what clients send (tokens, headers, query variables), which must not grow without bound.
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super()
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.max) this.delete(this.keys().next().value as K)
    return super.set(key, value)
  }
}
