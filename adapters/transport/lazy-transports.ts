// A channel's transports, built from their factories on first use and closed once at shutdown.
// Lazy because a config is built at import time (keystone.ts) and long-lived clients (APNs HTTP/2,
// SMTP pools, Firebase apps) must not open before a process actually delivers something.
import type { Transport } from './types'

/** Returns the transport, or undefined when it is not configured (missing env vars). */
export type TransportFactory<T extends Transport<any, any> = Transport<any, any>> = () => T | undefined

export class LazyTransports<T extends Transport<any, any> = Transport<any, any>> {
  private built: T[] | undefined

  /** Factories in priority order; a factory that returns undefined is skipped. */
  constructor(private readonly factories: readonly TransportFactory<T>[]) {}

  get list(): readonly T[] {
    if (!this.built) this.built = this.factories.map(factory => factory()).filter((t): t is T => !!t)
    return this.built
  }

  /** Closes what was built; factories run again if the list is used afterwards (tests reuse configs). */
  async close(): Promise<void> {
    const built = this.built ?? []
    this.built = undefined
    for (const transport of built) await transport.close?.()
  }
}
