import type { Plugin } from './types'

/** Identity with a type: gives plugin authors completion and an early name check. */
export function definePlugin<P extends Plugin>(plugin: P): P {
  if (!/^[a-z][a-z0-9-]*$/.test(plugin.name)) {
    throw new PluginError(`Plugin name "${plugin.name}" must be kebab-case (a-z, 0-9, -)`)
  }
  return plugin
}

export class PluginError extends Error {
  name = 'PluginError'
}
