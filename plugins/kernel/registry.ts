// The registry: what plugins contributed (tasks, channels, message types, ...), read at run time
// through the Keystone context, so code below plugins/ never imports a plugin.
import type { KeystoneConfig, KeystoneContext } from '@keystone-6/core/types'
import type { ContributionKey, Contributions } from './types'

export class Registry {
  private readonly entries = new Map<ContributionKey, unknown[]>()

  add<K extends ContributionKey>(key: K, values: readonly Contributions[K][]) {
    this.entries.set(key, [...(this.entries.get(key) ?? []), ...values])
  }

  all<K extends ContributionKey>(key: K): readonly Contributions[K][] {
    return (this.entries.get(key) ?? []) as Contributions[K][]
  }

  /** The single contribution under `key` (e.g. the queue); anything else is a configuration error. */
  one<K extends ContributionKey>(key: K): Contributions[K] {
    const values = this.all(key)
    if (values.length !== 1) throw new Error(`Expected exactly one "${key}" in the plugin registry, found ${values.length}`)
    return values[0]
  }
}

const REGISTRY = Symbol.for('keystone-property-cms.registry')

export function setConfigRegistry(config: object, registry: Registry) {
  Object.defineProperty(config, REGISTRY, { value: registry, enumerable: false })
}

export function configRegistry(config: KeystoneConfig<any>): Registry {
  const registry = (config as any)[REGISTRY] as Registry | undefined
  if (!registry) throw new Error('This Keystone config was not built with composeConfig(): it has no plugin registry')
  return registry
}

// Every context of one Keystone system (sudo, withSession, transactions) shares `__internal.lists`.
const bySystem = new WeakMap<object, Registry>()

/** Binds a system's contexts to its registry: done on connect, and by openContext() for workers and tests. */
export function bindRegistry(context: KeystoneContext<any>, registry: Registry) {
  bySystem.set(context.__internal.lists, registry)
}

export function registryOf(context: KeystoneContext<any>): Registry {
  const registry = bySystem.get(context.__internal.lists)
  if (!registry) throw new Error('No plugin registry is bound to this Keystone context (use openContext or start Keystone)')
  return registry
}
