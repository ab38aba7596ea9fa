// A delivery run writes each message twice: the claim (its lease) and the final write (status, trace,
// sentAt). Both must be HOT updates, which PostgreSQL can make only when no index holds a column the
// update changes: one index over the status (say, for a filter) and every final write inserts a new
// entry into each of Message's indexes again (schema/notifications/index.ts). The rule is checked on the
// datamodel on every provider and on the live table on PostgreSQL, with the fillfactor that leaves the
// pages room for both versions.
import fs from 'node:fs'
import path from 'node:path'
import { startTestApp, type TestApp } from '../../harness/app'
import { isPostgresUrl } from '../../setup/database'

/** What the claim and the final write set (tasks/delivery/state.ts claimMessages, writeEnds). */
const RUN_WRITES = ['leaseUntil', 'status', 'trace', 'sentAt']

function messageModel() {
  const datamodel = fs.readFileSync(path.resolve(__dirname, '../../../generated/schema.prisma'), 'utf8')
  return /^model Message \{([\s\S]*?)^\}/m.exec(datamodel)![1]
}

test("no index of Message's datamodel holds a column a delivery run writes", () => {
  const model = messageModel()
  const indexed = [...model.matchAll(/@@(?:index|unique|id)\(\[([^\]]*)\]/g)].flatMap(match => match[1].split(',').map(field => field.trim().replace(/\(.*$/, '')))
  const fieldAttributes = [...model.matchAll(/^\s*(\w+)\s+\S+.*@(?:unique|id)\b/gm)].map(match => match[1])
  expect(indexed).toContain('dueAt') // the sweeper's walk: the check below reads real index lines
  expect([...indexed, ...fieldAttributes].filter(field => RUN_WRITES.includes(field))).toEqual([])
})

const describePostgres = isPostgresUrl(process.env.DATABASE_URL) ? describe : describe.skip

describePostgres('the live Message table on PostgreSQL', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await startTestApp()
  })
  afterAll(() => app?.close())
  const query = async (sql: string) => (await ((app.context.prisma as any).$pgPool as import('pg').Pool).query(sql)).rows

  test('no index holds a column a delivery run writes, and pages keep room for both versions of a row', async () => {
    const columns: { column: string }[] = await query(
      `SELECT DISTINCT a.attname AS column FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
       WHERE i.indrelid = '"Message"'::regclass`
    )
    expect(columns.map(c => c.column)).toContain('dueAt')
    expect(columns.map(c => c.column).filter(column => RUN_WRITES.includes(column))).toEqual([])
    // nor an index over an expression or with a predicate (they name columns outside indkey)
    expect(await query(`SELECT indexrelid FROM pg_index WHERE indrelid = '"Message"'::regclass AND (indexprs IS NOT NULL OR indpred IS NOT NULL)`)).toEqual([])
    const [{ reloptions }] = await query(`SELECT reloptions FROM pg_class WHERE oid = '"Message"'::regclass`)
    expect(reloptions).toEqual(['fillfactor=25'])
  })
})
