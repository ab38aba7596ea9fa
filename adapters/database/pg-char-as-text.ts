// A pg.Pool whose query results report PostgreSQL's one-byte "char" type (OID 18) as text (OID 25).
// The schema engine reads catalog columns such as pg_class.relkind, and @prisma/adapter-pg rejects
// OID 18 ("Column type 'char' could not be deserialized"). Its values already arrive as strings.
import pg from 'pg'

const CHAR_OID = 18
const TEXT_OID = 25
const PATCHED = Symbol('charAsText')

function charAsText<T>(result: T): T {
  // multi-statement queries resolve to an array of results
  for (const one of Array.isArray(result) ? result : [result]) {
    for (const field of (one as pg.QueryResult | undefined)?.fields ?? []) {
      if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID
    }
  }
  return result
}

/** Callback forms (pg uses them internally, e.g. Pool.query -> connect(cb)) must stay untouched. */
function hasCallback(args: unknown[]): boolean {
  return typeof args[args.length - 1] === 'function'
}

function patchClient(client: pg.PoolClient): pg.PoolClient {
  const patched = client as pg.PoolClient & { [PATCHED]?: true }
  if (patched[PATCHED]) return client // pooled clients come back again
  const query = client.query.bind(client) as (...args: unknown[]) => any
  patched.query = ((...args: unknown[]) => {
    if (hasCallback(args)) return query(...args)
    const out = query(...args)
    return out && typeof out.then === 'function' ? out.then(charAsText) : out
  }) as any
  patched[PATCHED] = true
  return client
}

export class CharAsTextPool extends pg.Pool {
  query(...args: unknown[]): any {
    const query = super.query as (...args: unknown[]) => any
    if (hasCallback(args)) return query.apply(this, args)
    return query.apply(this, args).then(charAsText)
  }

  connect(...args: unknown[]): any {
    const connect = super.connect as (...args: unknown[]) => any
    if (hasCallback(args)) return connect.apply(this, args)
    return connect.apply(this, args).then(patchClient)
  }
}
