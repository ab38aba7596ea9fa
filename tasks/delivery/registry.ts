// Typed reads of what plugins contributed to the registry (handed to tasks as an argument).
import type { RegistryReader } from '../define'
import type { QueueRunner } from '../../adapters/queue/types'
import type { AnyChannel, Clock, MessageTypeDefinition, NotificationOptions } from './contracts'

// Contributions are fixed once the config is composed: build each map once per registry.
const typeMaps = new WeakMap<RegistryReader, Map<string, MessageTypeDefinition>>()
const channelMaps = new WeakMap<RegistryReader, Map<string, AnyChannel>>()

export function messageTypes(registry: RegistryReader): Map<string, MessageTypeDefinition> {
  const cached = typeMaps.get(registry)
  if (cached) return cached
  const types = new Map<string, MessageTypeDefinition>()
  for (const definition of registry.all('messageTypes') as MessageTypeDefinition[]) {
    if (types.has(definition.type)) throw new Error(`Message type ${definition.type} is contributed twice`)
    types.set(definition.type, definition)
  }
  typeMaps.set(registry, types)
  return types
}

export function channels(registry: RegistryReader): Map<string, AnyChannel> {
  const cached = channelMaps.get(registry)
  if (cached) return cached
  const byName = new Map<string, AnyChannel>()
  for (const channel of registry.all('channels') as AnyChannel[]) {
    if (byName.has(channel.name)) throw new Error(`Channel "${channel.name}" is contributed twice`)
    byName.set(channel.name, channel)
  }
  channelMaps.set(registry, byName)
  return byName
}

export function notificationOptions(registry: RegistryReader): NotificationOptions {
  const [options] = registry.all('notificationOptions') as NotificationOptions[]
  if (!options) throw new Error('No notificationOptions in the registry: is the notifications plugin in the plugin list?')
  return options
}

export function queueOf(registry: RegistryReader): QueueRunner {
  const [queue] = registry.all('queue') as QueueRunner[]
  if (!queue) throw new Error('No queue in the registry: is the tasks plugin in the plugin list?')
  return queue
}

const systemClock: Clock = { now: () => new Date() }

/** The contributed clock (tests), else the system's. */
export function clockOf(registry: RegistryReader): Clock {
  const [clock] = registry.all('clock') as Clock[]
  return clock ?? systemClock
}
