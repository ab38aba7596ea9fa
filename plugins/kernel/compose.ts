// composeConfig: turns a base config and a list of plugins into one Keystone config.
// Every contribution is added or composed, never overwritten; conflicts stop start-up with both names.
import { config as keystoneConfig } from '@keystone-6/core'
import type { KeystoneConfig, ListConfig } from '@keystone-6/core/types'
import { andAccess } from './compose-access'
import { composeHooks } from './compose-hooks'
import { PluginError } from './define-plugin'
import { Registry, bindRegistry, setConfigRegistry } from './registry'
import { surfaceTypedErrors } from '../../schema/shared/errors'
import { boundTextFields } from '../../schema/shared/bounded-text'
import type { ContributionKey, KeystoneConfigInput, Plugin } from './types'

function checkPluginSet(plugins: readonly Plugin[]) {
  const seen = new Set<string>()
  for (const plugin of plugins) {
    if (seen.has(plugin.name)) throw new PluginError(`Plugin "${plugin.name}" is listed twice`)
    seen.add(plugin.name)
  }
  for (const plugin of plugins) {
    for (const required of plugin.requires ?? []) {
      if (!seen.has(required)) {
        throw new PluginError(`Plugin "${plugin.name}" requires plugin "${required}", which is not in the plugin list`)
      }
    }
  }
}

function collectLists(base: Record<string, ListConfig<any>>, plugins: readonly Plugin[]) {
  const lists: Record<string, ListConfig<any>> = { ...base }
  const owner = new Map<string, string>(Object.keys(base).map(key => [key, 'the base config']))
  for (const plugin of plugins) {
    for (const [key, list] of Object.entries(plugin.lists ?? {})) {
      const existing = owner.get(key)
      if (existing) {
        throw new PluginError(`List "${key}" is defined by both ${describe(existing)} and plugin "${plugin.name}"`)
      }
      owner.set(key, plugin.name)
      lists[key] = list
    }
  }
  for (const plugin of plugins) {
    for (const [key, extension] of Object.entries(plugin.extendLists ?? {})) {
      const list = lists[key]
      if (!list) throw new PluginError(`Plugin "${plugin.name}" extends list "${key}", which no plugin defines`)
      for (const field of Object.keys(extension.fields ?? {})) {
        if (field in list.fields) {
          throw new PluginError(
            `Field "${key}.${field}" is defined by both ${describe(owner.get(key)!)} and plugin "${plugin.name}"`
          )
        }
      }
      for (const action of Object.keys(extension.actions ?? {})) {
        if (action in (list.actions ?? {})) {
          throw new PluginError(
            `Action "${key}.${action}" is defined by both ${describe(owner.get(key)!)} and plugin "${plugin.name}"`
          )
        }
      }
      lists[key] = {
        ...list,
        ...(extension.listColumns?.length ? { ui: withColumns(list.ui, extension.listColumns) } : {}),
        fields: { ...list.fields, ...extension.fields },
        ...(extension.actions ? { actions: { ...list.actions, ...extension.actions } } : {}),
        hooks: composeHooks(list.hooks, extension.hooks) as ListConfig<any>['hooks'],
        access: andAccess(list.access, extension.access) as ListConfig<any>['access'],
      }
    }
  }
  return lists
}

/** The list view's initial columns with `columns` appended (Keystone's default is the label field). */
function withColumns(ui: ListConfig<any>['ui'], columns: readonly string[]): ListConfig<any>['ui'] {
  const initial = ui?.listView?.initialColumns ?? []
  return { ...ui, listView: { ...ui?.listView, initialColumns: [...initial, ...columns.filter(c => !initial.includes(c))] } }
}

function describe(owner: string) {
  return owner === 'the base config' ? owner : `plugin "${owner}"`
}

export function composeConfig(base: KeystoneConfigInput, plugins: readonly Plugin[]): KeystoneConfig<any> {
  checkPluginSet(plugins)
  const registry = new Registry()
  for (const plugin of plugins) {
    for (const [key, values] of Object.entries(plugin.contributes ?? {})) {
      registry.add(key as ContributionKey, values as any)
    }
  }

  const graphqlExtensions = [base.graphql?.extendGraphqlSchema, ...plugins.map(p => p.extendGraphqlSchema)].filter(
    (fn): fn is NonNullable<typeof fn> => !!fn
  )
  const expressExtensions = [base.server?.extendExpressApp, ...plugins.map(p => p.extendExpressApp)].filter(
    (fn): fn is NonNullable<typeof fn> => !!fn
  )
  const prismaExtensions = [base.db.extendPrismaSchema, ...plugins.map(p => p.extendPrismaSchema)].filter(
    (fn): fn is NonNullable<typeof fn> => !!fn
  )
  const prismaClientExtensions = [base.db.extendPrismaClient, ...plugins.map(p => p.extendPrismaClient)].filter(
    (fn): fn is NonNullable<typeof fn> => !!fn
  )
  const seeds = [base.db.onConnect, ...plugins.map(p => p.onConnect)].filter(
    (fn): fn is NonNullable<typeof fn> => !!fn
  )

  let config = keystoneConfig({
    ...base,
    // every text field of every list is bounded (schema/shared/bounded-text.ts)
    lists: boundTextFields(collectLists(base.lists ?? {}, plugins)),
    db: {
      ...base.db,
      extendPrismaSchema: schema => prismaExtensions.reduce((current, extend) => extend(current), schema),
      extendPrismaClient: (client: any) => prismaClientExtensions.reduce((current, extend) => extend(current), client),
      async onConnect(context) {
        bindRegistry(context, registry)
        for (const seed of seeds) await seed(context)
      },
    },
    graphql: {
      ...base.graphql,
      // last: typed errors thrown in hooks reach clients with their own code (see schema/shared/errors.ts)
      extendGraphqlSchema: schema => surfaceTypedErrors(graphqlExtensions.reduce((current, extend) => extend(current), schema)),
    },
    server: {
      ...base.server,
      async extendExpressApp(app, context) {
        bindRegistry(context, registry)
        for (const extend of expressExtensions) await extend(app, context)
      },
    },
  } as Parameters<typeof keystoneConfig>[0])

  for (const plugin of plugins) if (plugin.extendConfig) config = plugin.extendConfig(config)
  setConfigRegistry(config, registry)
  return config
}
