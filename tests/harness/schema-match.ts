// Before a test app starts: does the generated Prisma client know every list and field the test's config
// has? The client (and the SQLite template) are generated from config.ts by `npm run generate`; a plugin
// that adds a list or a field and is not in config.ts, or was added after the last generate, would
// otherwise fail deep inside a test with "PrismaClientValidationError ... Unknown argument".
import fs from 'node:fs'
import path from 'node:path'
import type { Plugin } from '../../plugins/kernel'

export const GENERATED_SCHEMA = path.resolve(__dirname, '../../generated/schema.prisma')

/** The parts of Keystone's resolved database fields this check reads. */
type DbField =
  | { kind: 'none' }
  | { kind: 'scalar'; scalar: string; mode: 'required' | 'optional' | 'many' }
  | { kind: 'enum'; name: string; mode: 'required' | 'optional' | 'many' }
  | { kind: 'relation'; list: string; mode: 'one' | 'many' }
  | { kind: 'multi'; fields: Record<string, DbField> }
export type ListsForCheck = Record<string, { resolvedDbFields: Record<string, DbField> }>

const MODIFIER = { required: '', optional: '?', many: '[]', one: '?' } as const

/** Field name → Prisma type (as the schema prints it), per model. */
export function parsePrismaModels(schema: string): Map<string, Map<string, string>> {
  const models = new Map<string, Map<string, string>>()
  for (const match of schema.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const fields = new Map<string, string>()
    for (const line of match[2].split('\n')) {
      const [name, type] = line.trim().split(/\s+/)
      if (name && type && /^\w+$/.test(name)) fields.set(name, type)
    }
    models.set(match[1], fields)
  }
  return models
}

/** What Keystone would print for each database field of a list (relation id columns left out). */
function expectedFields(dbFields: Record<string, DbField>): Map<string, string> {
  const fields = new Map<string, string>()
  const add = (name: string, field: DbField) => {
    if (field.kind === 'scalar') fields.set(name, field.scalar + MODIFIER[field.mode])
    else if (field.kind === 'enum') fields.set(name, field.name + MODIFIER[field.mode])
    else if (field.kind === 'relation') fields.set(name, field.list + MODIFIER[field.mode])
    else if (field.kind === 'multi') for (const [sub, inner] of Object.entries(field.fields)) add(`${name}_${sub}`, inner)
  }
  for (const [name, field] of Object.entries(dbFields)) add(name, field)
  return fields
}

/** Which plugin brought a list or a field (for the message), among those the test handed the harness. */
function ownerOf(plugins: readonly Plugin[], list: string, field?: string): string | undefined {
  for (const plugin of plugins) {
    if (field === undefined ? plugin.lists?.[list] : plugin.lists?.[list]?.fields?.[field] || plugin.extendLists?.[list]?.fields?.[field]) return plugin.name
  }
  return undefined
}

/** One line per list or field the config has and the generated client lacks or types differently. */
export function clientMismatches(lists: ListsForCheck, schema: string, plugins: readonly Plugin[] = []): string[] {
  const models = parsePrismaModels(schema)
  const missingLists = new Set(Object.keys(lists).filter(list => !models.has(list)))
  const lines: string[] = []
  const by = (owner: string | undefined) => (owner ? ` (plugin "${owner}")` : '')
  for (const list of missingLists) lines.push(`list ${list}${by(ownerOf(plugins, list))} is not in it`)
  for (const [list, { resolvedDbFields }] of Object.entries(lists)) {
    const model = models.get(list)
    if (!model) continue
    for (const [field, type] of expectedFields(resolvedDbFields)) {
      const backRelationOf = field.match(/^from_(\w+?)_\w+$/)?.[1]
      if (backRelationOf && missingLists.has(backRelationOf)) continue // said with its list
      const keystoneField = field.replace(/_.*$/, '')
      const owner = by(ownerOf(plugins, list, keystoneField))
      const generated = model.get(field)
      if (generated === undefined) lines.push(`field ${list}.${field}${owner} is not in it`)
      else if (generated !== type) lines.push(`field ${list}.${field}${owner} is ${type} in the config but ${generated} in the client`)
    }
  }
  return lines
}

let cached: { mtimeMs: number; text: string } | undefined

function generatedSchema(): string {
  const { mtimeMs } = fs.statSync(GENERATED_SCHEMA)
  if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, text: fs.readFileSync(GENERATED_SCHEMA, 'utf8') }
  return cached.text
}

/** Throws, naming what is missing and what to run, when the generated client cannot serve this config. */
export function assertClientMatches(lists: ListsForCheck, plugins: readonly Plugin[]) {
  const lines = clientMismatches(lists, generatedSchema(), plugins)
  if (lines.length === 0) return
  throw new Error(
    [
      `The generated Prisma client (generated/schema.prisma) does not match this test's config:`,
      ...lines.map(line => `  - ${line}`),
      `The client is generated from the plugin list in config.ts (buildConfig): add the plugin there if it is not,`,
      `then run \`npm run generate\`. For PostgreSQL, also write the migration and commit it:`,
      `  DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run db:migrate -- --name <change>`,
      `and run \`npm run generate\` again without DATABASE_URL before the SQLite tests.`,
      `(To test a plugin before registering it, start the app with startTestApp({ plugins, generateClient: true }).)`,
    ].join('\n')
  )
}
