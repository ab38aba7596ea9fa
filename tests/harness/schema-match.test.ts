// A test app whose plugins the generated client does not know stops before any query, naming the list
// or field and what to run, instead of failing later with a Prisma validation error.
import fs from 'node:fs'
import { list } from '@keystone-6/core'
import { relationship, text } from '@keystone-6/core/fields'
import { createSystem } from '@keystone-6/core/___internal-do-not-use-will-break-in-patch/artifacts'
import { buildConfig } from '../../config'
import { definePlugin } from '../../plugins/kernel'
import { allowAll } from '@keystone-6/core/access'
import { startTestApp, TEST_SESSION_SECRET } from './app'
import { clientMismatches, GENERATED_SCHEMA } from './schema-match'

// names no real plugin would take, so the test holds whatever config.ts gains
const unregisteredList = definePlugin({
  name: 'test-unregistered-list',
  requires: ['organizations'],
  lists: { UnregisteredThing: list({ access: allowAll, fields: { label: text() } }) },
})
const unregisteredField = definePlugin({
  name: 'test-unregistered-field',
  requires: ['organizations'],
  extendLists: { Organization: { fields: { unregisteredAddress: text() } } },
})

test('a plugin list the client was not generated with: the list, its plugin and the commands', async () => {
  const failure = startTestApp({ plugins: [unregisteredList] })
  await expect(failure).rejects.toThrow('list UnregisteredThing (plugin "test-unregistered-list") is not in it')
  await expect(failure).rejects.toThrow(/add the plugin there if it is not,\nthen run `npm run generate`/)
  await expect(failure).rejects.toThrow('npm run db:migrate -- --name <change>')
})

test('a field added to another plugin\'s list: the field and its plugin, nothing else', async () => {
  const error: Error = await startTestApp({ plugins: [unregisteredField] }).then(() => { throw new Error('started') }, e => e)
  expect(error.message.split('\n').filter(line => line.startsWith('  - '))).toEqual(['  - field Organization.unregisteredAddress (plugin "test-unregistered-field") is not in it'])
})

describe('clientMismatches', () => {
  // the provider the client was generated for (select fields are enums on PostgreSQL)
  const env = { SESSION_SECRET: TEST_SESSION_SECRET, DATABASE_URL: process.env.DATABASE_URL }
  const lists = createSystem(buildConfig(env)).lists as any
  const generated = fs.readFileSync(GENERATED_SCHEMA, 'utf8')

  test('finds nothing for config.ts and the client generated from it', () => {
    expect(clientMismatches(lists, generated)).toEqual([])
  })

  test('names a field whose type changed since the client was generated', () => {
    const stale = generated.replace(/(model Property \{[\s\S]*?\n\s*name\s+)String/, '$1Int')
    expect(stale).not.toBe(generated)
    expect(clientMismatches(lists, stale)).toEqual(['field Property.name is String in the config but Int in the client'])
  })

  test('a missing list is said once, not again for the back-relations it adds to other lists', () => {
    const withUnregistered = createSystem(buildConfig(env, [
      definePlugin({
        name: 'test-unregistered-list',
        lists: { UnregisteredThing: list({ access: allowAll, fields: { property: relationship({ ref: 'Property' }) } }) },
      }),
    ])).lists as any
    expect(clientMismatches(withUnregistered, generated)).toEqual(['list UnregisteredThing is not in it'])
  })
})
