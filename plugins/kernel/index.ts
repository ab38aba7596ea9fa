export { definePlugin, PluginError } from './define-plugin'
export { composeConfig } from './compose'
export { registryOf, configRegistry, bindRegistry, Registry } from './registry'
export type { Plugin, ListExtension, Contributions, AdminLink } from './types'
