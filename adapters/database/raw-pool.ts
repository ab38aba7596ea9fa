// Hand-written statements on the hottest paths (the session check of every signed-in request, the staff
// inbox page, a delivery run's bulk writes) go to PostgreSQL through the pool Prisma's adapter uses, with
// pg's own row parsing: Prisma's $queryRawUnsafe costs about twice the CPU per call for the same
// statement (measured on a 50-row inbox page: 1.06 vs 0.52 ms), in its query interpreter and result
// mapping, and it writes every parameter into a JSON text and parses it back, which for the bulk writes'
// one large JSON parameter is most of the client's work. Same connections, same search_path; only values
// the statements cast to plain types (text, int, bool, json, timestamps).
import crypto from 'node:crypto'
import pg from 'pg'
import { inTransaction } from './in-transaction'

/** The pool attached to a Prisma client by keystoneDbConfig (PostgreSQL only). */
const POOL = '$pgPool'

/** Prisma's DateTime columns are `timestamp(3)` holding UTC: read them as UTC whatever the process's time zone. */
const TIMESTAMP_OID = 1114
const utcTimestamp = (text: string) => new Date(text.replace(' ', 'T') + 'Z')
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP_OID && format !== 'binary' ? utcTimestamp : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

/** A Prisma client extension that carries the pool (composed first, so every later extension keeps it). */
export function carryPool(pool: pg.Pool) {
  return (client: any) => client.$extends({ client: { [POOL]: pool } })
}

/** A statement's name for PostgreSQL: the same text always gets the same name (pg refuses one name for two texts). */
const names = new Map<string, string>()
function nameOf(sql: string) {
  let name = names.get(sql)
  if (!name) names.set(sql, (name = `raw_${crypto.createHash('sha1').update(sql).digest('hex').slice(0, 16)}`))
  return name
}

/** How a statement goes: `pool: false` sends it through Prisma even when the client carries the pool. */
type Route = { pool?: boolean }
/**
 * The pool, unless the route says no or the client is an interactive transaction's: those carry the pool
 * too, and a statement sent through it would run on another connection, outside the transaction.
 */
const poolOf = (prisma: any, route: Route): pg.Pool | undefined => (route.pool === false || inTransaction(prisma) ? undefined : prisma[POOL])

/**
 * The rows of a statement (a read, or a write's RETURNING): through the client's pool when it has one,
 * else through Prisma (always with a transaction's client: poolOf).
 * `prepared`: a statement whose text never varies and whose plan cannot depend on the values (the
 * session check: primary keys) is prepared once per connection and its plan reused, instead of parsed
 * and planned on every call. Not for statements whose best plan depends on the values (an organization's
 * share of a table, a search pattern): a prepared statement may settle on one generic plan.
 */
export async function rawRows<T>(prisma: any, sql: string, values: readonly unknown[], options: { prepared?: boolean } & Route = {}): Promise<T[]> {
  const pool = poolOf(prisma, options)
  if (!pool) return prisma.$queryRawUnsafe(sql, ...values)
  refuseDates(values)
  const name = options.prepared ? nameOf(sql) : undefined
  return (await pool.query({ name, text: sql, values: values as unknown[], types })).rows as T[]
}

/**
 * A bulk write (INSERT, UPDATE) through the client's pool when it has one, else through Prisma; resolves
 * the rows it changed (a transaction's client: through Prisma, in the transaction, as poolOf decides).
 * Parameters are plain values (text, numbers, arrays, JSON text), dates as ISO strings (refuseDates).
 */
export async function rawExecute(prisma: any, sql: string, values: readonly unknown[], options: Route = {}): Promise<number> {
  const pool = poolOf(prisma, options)
  if (!pool) return prisma.$executeRawUnsafe(sql, ...values)
  refuseDates(values)
  return (await pool.query({ text: sql, values: values as unknown[] })).rowCount ?? 0
}

/** pg writes a Date in the process's time zone; Prisma's timestamp columns hold UTC: dates travel as ISO strings. */
function refuseDates(values: readonly unknown[]) {
  for (const value of values) if (value instanceof Date) throw new Error('raw-pool: pass dates as ISO strings')
}

