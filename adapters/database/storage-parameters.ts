// PostgreSQL table storage parameters a datamodel asks for (a fillfactor, so that updates find room on
// their page and stay HOT). Prisma's schema cannot say them, so a model carries them as a comment line
// (`// storage: fillfactor=25`, written by schema/shared/prisma-schema.ts's setStorage) and they are
// applied here after a push (development, benchmarks, test schemas); committed migrations set them in
// their own SQL. Prisma's diff ignores them, so neither side ever reports the other as drift.
import pg from 'pg'
import type { DatabaseTarget } from './index'
import { modelComments, withSchemaClient } from './model-comments'

export type TableStorage = { table: string; parameters: Record<string, number> }

/** The storage parameters each model's comment line asks for, by table name (`@@map` honoured). */
export function storageParametersFor(datamodel: string): TableStorage[] {
  return modelComments(datamodel, 'storage').map(({ model, table, text }) => {
    const parameters: Record<string, number> = {}
    for (const pair of text.split(/\s*,\s*/)) {
      const match = /^(fillfactor)=(\d+)$/.exec(pair)
      if (!match) throw new Error(`model ${model}: unknown storage parameter "${pair}"`)
      parameters[match[1]] = Number(match[2])
    }
    return { table, parameters }
  })
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
  return withSchemaClient(target, async (client, schema) => {
    for (const table of tables) await client.query(storageSql(table, schema))
    return tables.length
  })
}
