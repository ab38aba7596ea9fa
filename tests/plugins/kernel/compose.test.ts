import { composeConfig, definePlugin, PluginError, configRegistry } from '../../../plugins/kernel'
import { keystoneDbConfig } from '../../../adapters/database'
import { action, list } from '@keystone-6/core'
import { text } from '@keystone-6/core/fields'
import { allowAll } from '@keystone-6/core/access'

const base = { db: keystoneDbConfig({ provider: 'sqlite', url: 'file:./data/never-opened.db' }) }
const listOf = () => list({ access: allowAll, fields: { name: text() } })

describe('composeConfig refuses at start-up', () => {
  test('a plugin listed twice', () => {
    const p = definePlugin({ name: 'contacts' })
    expect(() => composeConfig(base, [p, p])).toThrow(new PluginError('Plugin "contacts" is listed twice'))
  })

  test('a missing required plugin, naming both', () => {
    const residents = definePlugin({ name: 'residents', requires: ['contacts'] })
    expect(() => composeConfig(base, [residents])).toThrow(
      'Plugin "residents" requires plugin "contacts", which is not in the plugin list'
    )
  })

  test('two plugins defining the same list, naming both', () => {
    const a = definePlugin({ name: 'crm', lists: { Contact: listOf() } })
    const b = definePlugin({ name: 'contacts', lists: { Contact: listOf() } })
    expect(() => composeConfig(base, [a, b])).toThrow('List "Contact" is defined by both plugin "crm" and plugin "contacts"')
  })

  test('a plugin adding a field that the list already has', () => {
    const a = definePlugin({ name: 'contacts', lists: { Contact: listOf() } })
    const b = definePlugin({ name: 'audit', extendLists: { Contact: { fields: { name: text() } } } })
    expect(() => composeConfig(base, [a, b])).toThrow('Field "Contact.name" is defined by both plugin "contacts" and plugin "audit"')
  })

  test('a plugin adding an action that the list (or another plugin) already has', () => {
    const archive = action({ access: allowAll, resolve: async () => null, ui: { label: 'Archive' } })
    const a = definePlugin({ name: 'contacts', lists: { Contact: list({ access: allowAll, fields: { name: text() }, actions: { archive } }) } })
    const b = definePlugin({ name: 'audit', extendLists: { Contact: { actions: { archive } } } })
    expect(() => composeConfig(base, [a, b])).toThrow('Action "Contact.archive" is defined by both plugin "contacts" and plugin "audit"')
    const c = definePlugin({ name: 'export', extendLists: { Contact: { actions: { export: archive } } } })
    expect(Object.keys(composeConfig(base, [a, c]).lists.Contact.actions ?? {})).toEqual(['archive', 'export'])
  })

  test('extending a list nobody defines', () => {
    const b = definePlugin({ name: 'audit', extendLists: { Ghost: { fields: {} } } })
    expect(() => composeConfig(base, [b])).toThrow('Plugin "audit" extends list "Ghost", which no plugin defines')
  })

  test('a plugin name that is not kebab-case', () => {
    expect(() => definePlugin({ name: 'My Plugin' })).toThrow(PluginError)
  })
})

describe('composeConfig composes', () => {
  test('contributions from several plugins all reach the registry, in plugin order', () => {
    const a = definePlugin({ name: 'a', contributes: { adminLinks: [{ href: '/a', label: 'A' }] } })
    const b = definePlugin({ name: 'b', contributes: { adminLinks: [{ href: '/b', label: 'B' }] } })
    const registry = configRegistry(composeConfig(base, [a, b]))
    expect(registry.all('adminLinks').map(l => l.href)).toEqual(['/a', '/b'])
  })

  test('GraphQL extensions and Prisma schema extensions are chained, not replaced', () => {
    const seen: string[] = []
    const a = definePlugin({ name: 'a', extendGraphqlSchema: s => (seen.push('a'), s), extendPrismaSchema: s => s + '\n// a' })
    const b = definePlugin({ name: 'b', extendGraphqlSchema: s => (seen.push('b'), s), extendPrismaSchema: s => s + '\n// b' })
    const config = composeConfig(base, [a, b])
    config.graphql.extendGraphqlSchema!({} as any)
    expect(seen).toEqual(['a', 'b'])
    expect(config.db.extendPrismaSchema('')).toBe('\n// a\n// b')
  })

  test('seeds run on connect in plugin order', async () => {
    const seen: string[] = []
    const a = definePlugin({ name: 'a', onConnect: async () => void seen.push('a') })
    const b = definePlugin({ name: 'b', onConnect: async () => void seen.push('b') })
    const config = composeConfig(base, [a, b])
    await config.db.onConnect!({ __internal: { lists: {} } } as any)
    expect(seen).toEqual(['a', 'b'])
  })
})
