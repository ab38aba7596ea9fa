// Updates many rows of one table, each with its own values: one statement on PostgreSQL
// (UPDATE ... FROM json_to_recordset), one transaction of per-row updates on SQLite (local, so cheap).
// The delivery task writes a whole batch's outcomes with it instead of a round trip per message.
import { providerOf } from './index'
import { rawExecute } from './raw-pool'

/** PostgreSQL column types as Prisma creates them, for the record's declaration. */
export type ColumnType = 'text' | 'integer' | 'jsonb' | 'timestamp(3)' | 'boolean'

export type UpdateEachSpec = {
  /** The Prisma model (delegate name), for the per-row path. */
  model: string
  /** The table, as Prisma names it in SQL. */
  table: string
  /** The column that picks a row (unique). */
  key: string
  /** Every column a row may set, with its type. Rows may set any subset; absent (undefined) = unchanged. */
  columns: Record<string, ColumnType>
  /** Only rows whose `column` is one of `in` are changed (a state guard: e.g. not a canceled message). */
  guard?: { column: string; in: readonly string[] }
}

type Row = Record<string, unknown>

/**
 * A write that lands with the update or not at all (insert-many.ts' insertAlongside): on PostgreSQL a
 * data-modifying WITH of the update's first statement, its parameters numbered from `firstParam`; on
 * SQLite a query of the update's transaction.
 */
export type Alongside = { statement: (firstParam: number) => { sql: string; params: unknown[] }; query: () => unknown }

export const quote = (name: string) => {
  if (!/^\w+$/.test(name)) throw new Error(`updateEach: bad identifier "${name}"`)
  return `"${name}"`
}
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`

/**
 * Returns the number of rows changed. `pooled`: the caller holds the app's own client, outside any
 * transaction, so the statement may skip Prisma for the adapter's pool (raw-pool.ts). `alongside`: a write
 * that lands with the first statement (one round trip and one commit for both), or alone when no row sets
 * anything.
 */
export async function updateEach(
  prisma: any,
  spec: UpdateEachSpec,
  rows: readonly Row[],
  options: { pooled?: boolean; alongside?: Alongside } = {}
): Promise<number> {
  // rows setting the same columns go in one statement
  const groups = new Map<string, Row[]>()
  for (const row of rows) {
    const columns = Object.keys(row).filter(column => column !== spec.key && row[column] !== undefined)
    for (const column of columns) if (!spec.columns[column]) throw new Error(`updateEach: ${spec.table}.${column} is not declared`)
    const signature = columns.sort().join(',')
    if (signature) groups.set(signature, [...(groups.get(signature) ?? []), row])
  }
  const postgres = providerOf(prisma) === 'postgresql'
  let alongside = options.alongside
  if (!groups.size && alongside) {
    if (!postgres) await alongside.query()
    else {
      const { sql, params } = alongside.statement(1)
      await rawExecute(prisma, sql, params, { pool: !!options.pooled })
    }
  }
  let changed = 0
  for (const [signature, group] of groups) {
    const columns = signature.split(',')
    changed += postgres ? await pgUpdate(prisma, spec, columns, group, !!options.pooled, alongside) : await perRow(prisma, spec, columns, group, alongside)
    alongside = undefined
  }
  return changed
}

function pgUpdate(prisma: any, spec: UpdateEachSpec, columns: string[], rows: Row[], pooled: boolean, alongside?: Alongside): Promise<number> {
  const declared = [spec.key, ...columns].map(c => `${quote(c)} ${c === spec.key ? 'text' : spec.columns[c]}`).join(', ')
  const set = columns.map(c => `${quote(c)} = v.${quote(c)}`).join(', ')
  const guard = spec.guard ? ` AND t.${quote(spec.guard.column)} IN (${spec.guard.in.map(literal).join(', ')})` : ''
  const along = alongside?.statement(2)
  const sql =
    (along ? `WITH alongside AS (${along.sql}) ` : '') +
    `UPDATE ${quote(spec.table)} AS t SET ${set} ` +
    `FROM json_to_recordset($1::json) AS v(${declared}) ` +
    `WHERE t.${quote(spec.key)} = v.${quote(spec.key)}${guard}`
  // JSON columns travel as JSON values (json_to_recordset reads them into jsonb); dates as ISO strings (UTC)
  const records = JSON.stringify(rows.map(row => pick(row, [spec.key, ...columns])))
  return rawExecute(prisma, sql, [records, ...(along?.params ?? [])], { pool: pooled })
}

async function perRow(prisma: any, spec: UpdateEachSpec, columns: string[], rows: Row[], alongside?: Alongside): Promise<number> {
  const guard = spec.guard ? { [spec.guard.column]: { in: [...spec.guard.in] } } : {}
  const updates = rows.map(row => prisma[spec.model].updateMany({ where: { [spec.key]: row[spec.key], ...guard }, data: pick(row, columns) }))
  const results = await prisma.$transaction(alongside ? [alongside.query(), ...updates] : updates)
  return results.slice(alongside ? 1 : 0).reduce((sum: number, result: { count: number }) => sum + result.count, 0)
}

function pick(row: Row, columns: string[]) {
  return Object.fromEntries(columns.map(c => [c, row[c]]))
}
