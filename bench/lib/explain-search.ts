// The plan PostgreSQL chose for the staff inbox's search statement (plugins/messaging/inbox-postgres.ts),
// in one line: the indexes it read, each scan's rows, and the execution time.
import pg from 'pg'
import { inboxStatements } from '../../plugins/messaging/inbox-postgres'

export async function searchPlan(url: string, organizationId: string, text: string): Promise<string> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const terms = { text, searchText: text.length >= 3, contactIds: [], residentIds: [] }
    const { page } = inboxStatements({ organizationId, status: 'unread', terms, take: 50, skip: 0 })
    const { rows } = await client.query(`EXPLAIN (ANALYZE, COSTS OFF) ${page.sql}`, page.values)
    const lines: string[] = rows.map((row: Record<string, string>) => row['QUERY PLAN'])
    const scans = lines
      .map(line => line.match(/(Bitmap Index Scan on|Index Scan using|Index Only Scan using|Seq Scan on) ("?[\w]+"?)[^(]*\(actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/))
      .filter((m): m is RegExpMatchArray => !!m)
      .map(m => `${m[1].replace(/ (on|using)$/, '')} ${m[2].replace(/"/g, '')} (${m[3]} rows)`)
    const time = lines.find(line => line.startsWith('Execution Time'))
    return `${scans.join('; ')}; ${time}`
  } finally {
    await client.end()
  }
}
