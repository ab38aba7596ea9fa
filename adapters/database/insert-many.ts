// Inserts many rows of one table: on PostgreSQL one INSERT ... SELECT FROM json_to_recordset (the rows
// travel as a single JSON parameter), elsewhere Prisma's createMany. Prisma's own createMany costs about
// 0.3 ms of CPU per row on PostgreSQL, ten times the statement itself: that is a fan-out's whole budget.
// Rows must carry their ids (and any value a Prisma @default would fill in): nothing is returned.
// Returns a query that runs when awaited or inside prisma.$transaction([...]).
import { providerOf } from './index'
import { rawExecute, rawRows } from './raw-pool'
import { quote, type Alongside, type ColumnType } from './update-each'

export type InsertManySpec = {
  model: string
  table: string
  /** Every field a row may carry: its column (when @map renames it) and type. */
  columns: Record<string, ColumnType | { column: string; type: ColumnType }>
}

export function insertMany(prisma: any, spec: InsertManySpec, rows: readonly Record<string, unknown>[]) {
  if (providerOf(prisma) !== 'postgresql') return prisma[spec.model].createMany({ data: rows })
  const { sql, params } = insertSql(spec, rows)
  return prisma.$executeRawUnsafe(sql, ...params)
}

/**
 * The same insert, run at once by a caller that holds the app's own client outside any transaction: on
 * PostgreSQL through the adapter's pool (raw-pool.ts), skipping Prisma's work on the one large parameter.
 */
export async function insertManyPooled(prisma: any, spec: InsertManySpec, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (providerOf(prisma) !== 'postgresql') return void (await prisma[spec.model].createMany({ data: rows }))
  const { sql, params } = insertSql(spec, rows)
  await rawExecute(prisma, sql, params)
}

/**
 * PostgreSQL only: the same insert, but a row that would break a unique index is left out instead of
 * failing the statement (ON CONFLICT DO NOTHING); resolves the ids of the rows it inserted. One round
 * trip where "read what exists, then insert the rest" takes two. `pooled`: run at once through the
 * adapter's pool (raw-pool.ts), for a caller holding the app's own client outside any transaction;
 * otherwise a Prisma query (it may go into prisma.$transaction([...])).
 */
export function insertManySkippingConflicts(
  prisma: any,
  spec: InsertManySpec,
  rows: readonly Record<string, unknown>[],
  options: { pooled?: boolean } = {}
): Promise<{ id: string }[]> {
  if (providerOf(prisma) !== 'postgresql') throw new Error('insertManySkippingConflicts: PostgreSQL only')
  const { sql, params } = insertSql(spec, rows)
  const statement = `${sql} ON CONFLICT DO NOTHING RETURNING "id"`
  return options.pooled ? rawRows(prisma, statement, params) : prisma.$queryRawUnsafe(statement, ...params)
}

/**
 * The same insert as a write that lands with an update or not at all (updateEach's `alongside`): on
 * PostgreSQL a part of the update's statement, on SQLite a query of its transaction.
 */
export function insertAlongside(prisma: any, spec: InsertManySpec, rows: readonly Record<string, unknown>[]): Alongside {
  return { statement: firstParam => insertSql(spec, rows, firstParam), query: () => prisma[spec.model].createMany({ data: rows }) }
}

type Column = { field: string; column: string; type: ColumnType; key: string }
type Resolved = { columns: Column[]; names: string }
const resolved = new WeakMap<InsertManySpec, Resolved>()

/** A spec's columns, worked out once per spec (specs are module constants). */
function resolve(spec: InsertManySpec): Resolved {
  let done = resolved.get(spec)
  if (done) return done
  const columns = Object.entries(spec.columns).map(([field, declared]) => {
    const { column, type } = typeof declared === 'string' ? { column: field, type: declared } : declared
    // the record's "column": prefix, ready to concatenate
    return { field, column, type, key: `${JSON.stringify(column)}:` }
  })
  done = { columns, names: columns.map(c => quote(c.column)).join(', ') }
  resolved.set(spec, done)
  return done
}

/**
 * The statement and its parameters. A value every row shares (a fan-out's type, organization, meta,
 * creation time...) travels once, in a second JSON record joined to every row, instead of once per
 * row: most of a fan-out's text (built here, written to the socket, parsed by PostgreSQL) was the same
 * meta repeated. Both records go through json_to_record(set), so a value is converted the same way
 * whichever one carries it. The text is written directly, value by value (JSON.stringify of each value:
 * dates become ISO strings, JSON columns stay JSON), not as an object per row stringified: that was
 * most of a fan-out's garbage in the API process. `firstParam`: the number of its first parameter (a
 * statement of which the insert is one part numbers its own before).
 */
function insertSql(spec: InsertManySpec, rows: readonly Record<string, unknown>[], firstParam = 1) {
  const { columns, names } = resolve(spec)
  for (const row of rows) for (const field in row) if (!Object.hasOwn(spec.columns, field)) throw new Error(`insertMany: ${spec.table}.${field} is not declared`)
  // a field a row leaves out is NULL; the first column always travels per row (it makes the rows)
  const valueOf = (row: Record<string, unknown>, field: string) => row[field] ?? null
  const shared = columns.filter((c, i) => i > 0 && rows.length > 1 && rows.every(row => valueOf(row, c.field) === valueOf(rows[0], c.field)))
  const perRow = columns.filter(c => !shared.includes(c))
  const written = new Map<object, string>()
  const json = (value: unknown) => {
    if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
    let text = written.get(value)
    if (text === undefined) written.set(value, (text = JSON.stringify(value) ?? 'null'))
    return text
  }
  const record = (row: Record<string, unknown>, of: Column[]) => {
    let text = '{'
    for (let i = 0; i < of.length; i++) text += (i ? ',' : '') + of[i].key + json(valueOf(row, of[i].field))
    return `${text}}`
  }
  const declared = (of: Column[]) => of.map(c => `${quote(c.column)} ${c.type}`).join(', ')
  const source = (c: Column) => `${shared.includes(c) ? 's' : 'v'}.${quote(c.column)}`
  const sql =
    `INSERT INTO ${quote(spec.table)} (${names}) SELECT ${columns.map(source).join(', ')} FROM json_to_recordset($${firstParam}::json) AS v(${declared(perRow)})` +
    (shared.length ? ` CROSS JOIN json_to_record($${firstParam + 1}::json) AS s(${declared(shared)})` : '')
  const records = `[${rows.map(row => record(row, perRow)).join(',')}]`
  return { sql, params: shared.length ? [records, record(rows[0], shared)] : [records] }
}
