// Inserts many rows of one table: on PostgreSQL one INSERT ... SELECT FROM json_to_recordset (the rows
// travel as a single JSON parameter), elsewhere Prisma's createMany. Prisma's own createMany costs about
// 0.3 ms of CPU per row on PostgreSQL, ten times the statement itself: that is a fan-out's whole budget.
// Rows must carry their ids (and any value a Prisma @default would fill in): nothing is returned.
// Returns a query that runs when awaited or inside prisma.$transaction([...]).
import { providerOf } from './index'
import { quote, type ColumnType } from './update-each'

export type InsertManySpec = {
  model: string
  table: string
  /** Every field a row may carry: its column (when @map renames it) and type. */
  columns: Record<string, ColumnType | { column: string; type: ColumnType }>
}

export function insertMany(prisma: any, spec: InsertManySpec, rows: readonly Record<string, unknown>[]) {
  if (providerOf(prisma) !== 'postgresql') return prisma[spec.model].createMany({ data: rows })
  const { sql, records } = insertSql(spec, rows)
  return prisma.$executeRawUnsafe(sql, records)
}

/**
 * PostgreSQL only: the same insert, but a row that would break a unique index is left out instead of
 * failing the statement (ON CONFLICT DO NOTHING); resolves the ids of the rows it inserted. One round
 * trip where "read what exists, then insert the rest" takes two.
 */
export function insertManySkippingConflicts(prisma: any, spec: InsertManySpec, rows: readonly Record<string, unknown>[]): Promise<{ id: string }[]> {
  if (providerOf(prisma) !== 'postgresql') throw new Error('insertManySkippingConflicts: PostgreSQL only')
  const { sql, records } = insertSql(spec, rows)
  return prisma.$queryRawUnsafe(`${sql} ON CONFLICT DO NOTHING RETURNING "id"`, records)
}

type Resolved = { fields: string[]; keys: string[]; sql: string }
const resolved = new WeakMap<InsertManySpec, Resolved>()

/** A spec's columns and statement, worked out once per spec (specs are module constants). */
function resolve(spec: InsertManySpec): Resolved {
  let done = resolved.get(spec)
  if (done) return done
  const fields = Object.keys(spec.columns)
  const column = (field: string) => {
    const declared = spec.columns[field]
    return typeof declared === 'string' ? { column: field, type: declared } : declared
  }
  const names = fields.map(field => quote(column(field).column)).join(', ')
  const declared = fields.map(field => `${quote(column(field).column)} ${column(field).type}`).join(', ')
  done = {
    fields,
    // each record's "column": prefix, ready to concatenate
    keys: fields.map((field, i) => `${i ? ',' : ''}${JSON.stringify(column(field).column)}:`),
    sql: `INSERT INTO ${quote(spec.table)} (${names}) SELECT ${names} FROM json_to_recordset($1::json) AS v(${declared})`,
  }
  resolved.set(spec, done)
  return done
}

/**
 * The statement and its JSON parameter: the text written directly, value by value (JSON.stringify of
 * each value, so dates become ISO strings and JSON columns stay JSON), instead of building an object per
 * row and stringifying them all: that was most of a fan-out's garbage in the API process.
 */
function insertSql(spec: InsertManySpec, rows: readonly Record<string, unknown>[]) {
  const { fields, keys, sql } = resolve(spec)
  const parts: string[] = []
  for (const row of rows) {
    for (const field in row) if (!Object.hasOwn(spec.columns, field)) throw new Error(`insertMany: ${spec.table}.${field} is not declared`)
    let record = '{'
    // JSON keys are the column names; a field a row leaves out is NULL
    for (let i = 0; i < fields.length; i++) record += keys[i] + (JSON.stringify(row[fields[i]] ?? null) ?? 'null')
    parts.push(`${record}}`)
  }
  return { sql, records: `[${parts.join(',')}]` }
}
