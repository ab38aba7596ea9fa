// A caller's transaction, named so that another connection can later ask how it ended. On PostgreSQL:
// its id (pg_current_xact_id, assigned by its first write) and pg_xact_status. SQLite has one connection:
// a reader there sees a transaction's writes before its commit, so there is no transaction to ask about.
import { providerOf } from './index'

export type TransactionFate = 'in progress' | 'committed' | 'aborted' | 'unknown'

/** The id of the transaction `tx` is a client of, on PostgreSQL; undefined on SQLite. */
export async function transactionIdOf(tx: any): Promise<string | undefined> {
  if (providerOf(tx) !== 'postgresql') return undefined
  const [row] = await tx.$queryRawUnsafe('SELECT pg_current_xact_id()::text AS xid')
  return row.xid
}

/** How that transaction ended, asked with any client: 'unknown' when the server no longer remembers it. */
export async function transactionFate(prisma: any, xid: string): Promise<TransactionFate> {
  try {
    const [row] = await prisma.$queryRawUnsafe('SELECT pg_xact_status($1::xid8)::text AS status', xid)
    return (row?.status as TransactionFate | null) ?? 'unknown'
  } catch {
    return 'unknown' // not an id this server handed out
  }
}
