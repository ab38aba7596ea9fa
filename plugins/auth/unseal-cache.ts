// Unsealed session tokens, remembered for a minute: unsealing (Iron) derives two keys with PBKDF2 on
// every call, which was about 8% of the API's CPU for a small authenticated read (bench/inbox.ts, the
// resident's thread). The same token string always unseals to the same payload, so remembering it skips
// no check: the session row (exists, not expired) is still read on every request, so a revoked or
// expired session is refused at once. Keyed by what Keystone reads the token from (the Authorization
// header, else the Cookie header); bounded, oldest entries dropped first.
export class UnsealCache<T> {
  #entries = new Map<string, { value: T | undefined; until: number }>()
  constructor(
    private readonly maxEntries = 10_000,
    private readonly ttlMs = 60_000,
    private readonly now = () => Date.now()
  ) {}

  async get(key: string, unseal: () => Promise<T | undefined>): Promise<T | undefined> {
    const hit = this.#entries.get(key)
    if (hit && hit.until > this.now()) return hit.value
    const value = await unseal()
    this.#entries.delete(key) // re-inserted last: Map order is the eviction order
    this.#entries.set(key, { value, until: this.now() + this.ttlMs })
    if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!)
    return value
  }
}

/** The request's token sources, as Keystone's statelessSessions reads them (Bearer first, else the cookie). */
export function tokenKey(req: { headers: Record<string, string | string[] | undefined> } | undefined): string | undefined {
  if (!req) return undefined
  const authorization = req.headers.authorization
  if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) return authorization
  const cookie = req.headers.cookie
  return typeof cookie === 'string' && cookie ? `cookie:${cookie}` : undefined
}
