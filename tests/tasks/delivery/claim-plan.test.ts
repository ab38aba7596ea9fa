// A delivery run's claim must find its batch by primary key whatever the statistics say. A platform's
// Message table is mostly final messages; a broadcast then inserts 100,000 active ones, and until the
// statistics catch up the planner believes few are active: given the chance it ANDs the batch's keys with
// every active message's status entry, on every claim of the broadcast. PostgreSQL only.
import { startTestApp, type TestApp } from '../../harness/app'
import { isPostgresUrl } from '../../setup/database'
import { CLAIM_SQL } from '../../../tasks/delivery/state'

const describePostgres = isPostgresUrl(process.env.DATABASE_URL) ? describe : describe.skip

type PlanNode = { 'Node Type': string; 'Index Name'?: string; Plans?: PlanNode[] }
const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)]

describePostgres('the claim plan', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await startTestApp()
    const prisma = app.context.sudo().prisma as any
    const insert = (prefix: string, count: number, status: string) =>
      prisma.$executeRawUnsafe(
        `INSERT INTO "Message" (id, type, "recipientKey", status, meta, trace, "createdAt", "dueAt", generation, locale, "isSecret")
         SELECT '${prefix}' || i, 'CUSTOM', '${prefix}-key-' || i, '${status}', '{}', '[]', now(), now(), 1, 'en', false FROM generate_series(1, ${count}) i`
      )
    // the statistics of a table of final messages, then a broadcast's active ones
    await insert('old', 5000, 'sent')
    await prisma.$executeRawUnsafe('ANALYZE "Message"')
    await insert('new', 20000, 'sending')
  }, 60_000)
  afterAll(() => app?.close())

  test('walks the primary key for the batch and nothing else', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `new${i * 7 + 1}`)
    const client = await ((app.context.prisma as any).$pgPool as import('pg').Pool).connect()
    try {
      await client.query('BEGIN')
      const now = new Date()
      const { rows } = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${CLAIM_SQL}`, [ids, new Date(now.getTime() + 30_000).toISOString(), now.toISOString()])
      const plan = nodes(rows[0]['QUERY PLAN'][0].Plan)
      // an index scan of the key, or a bitmap of it: either way no other index of Message is read (the
      // check for rows an earlier run left reads MessageDelivery's index on the message)
      expect(plan.filter(node => node['Index Name']).map(node => node['Index Name'])).toEqual(['Message_pkey', 'MessageDelivery_message_idx'])
      expect(plan.filter(node => node['Node Type'] === 'Seq Scan')).toEqual([])
    } finally {
      await client.query('ROLLBACK').catch(() => {})
      client.release()
    }
  })
})
