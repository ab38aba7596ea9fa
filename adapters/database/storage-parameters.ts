// PostgreSQL table storage parameters a datamodel asks for (a fillfactor, so that updates find room on
// their page and stay HOT). Prisma's schema cannot say them, so a model carries them as a comment line
// (`// storage: fillfactor=50`, written by schema/shared/prisma-schema.ts's setStorage) and they are
// applied here after a push (development, benchmarks, test schemas); committed migrations set them in
// their own SQL. Prisma's diff ignores them, so neither side ever reports the other as drift.
import pg from 'pg'
import { stripSchemaParam, type DatabaseTarget } from './index'

export type TableStorage = { table: string; parameters: Record<string, number> }

/** The storage parameters each model's comment line asks for, by table name (`@@map` honoured). */
export function storageParametersFor(datamodel: string): TableStorage[] {
  const found: TableStorage[] = []
  for (const model of datamodel.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const line = /^\s*\/\/ storage: (.+)$/m.exec(model[2])
    if (!line) continue
    const parameters: Record<string, number> = {}
    for (const pair of line[1].trim().split(/\s*,\s*/)) {
      const match = /^(fillfactor)=(\d+)$/.exec(pair)
      if (!match) throw new Error(`model ${model[1]}: unknown storage parameter "${pair}"`)
      parameters[match[1]] = Number(match[2])
    }
    const table = /@@map\("([^"]+)"\)/.exec(model[2])?.[1] ?? model[1]
    found.push({ table, parameters })
  }
  return found
}

export function storageSql({ table, parameters }: TableStorage, schema?: string) {
  const name = (schema ? `${pg.escapeIdentifier(schema)}.` : '') + pg.escapeIdentifier(table)
  const list = Object.entries(parameters).map(([key, value]) => `${key} = ${value}`).join(', ')
  return `ALTER TABLE ${name} SET (${list})`
}

/** Sets the datamodel's storage parameters on the target's tables (PostgreSQL; a no-op elsewhere). */
export async function applyStorageParameters(target: DatabaseTarget, datamodel: string): Promise<number> {
  const tables = target.provider === 'postgresql' ? storageParametersFor(datamodel) : []
  if (tables.length === 0) return 0
  const client = new pg.Client({ connectionString: stripSchemaParam(target.url) })
  await client.connect()
  try {
    const schema = target.schema ?? new URL(target.url).searchParams.get('schema') ?? undefined
    for (const table of tables) await client.query(storageSql(table, schema))
  } finally {
    await client.end()
  }
  return tables.length
}
