// The staff inbox's page statement is prepared (inbox-postgres.ts), which is safe only while its one
// generic plan is a walk of the (organization, status, lastMessageAt, id) index for every organization.
// With an index on lastMessageAt alone the planner walked every organization's threads newest first and
// filtered for one: a small organization beside a large one with newer threads read all of the large
// one's. PostgreSQL only.
import { startTestApp, type TestApp } from '../../harness/app'
import { createOrganization } from '../../harness/factories'
import { isPostgresUrl } from '../../setup/database'
import { inboxStatements } from '../../../plugins/messaging/inbox-postgres'

const describePostgres = isPostgresUrl(process.env.DATABASE_URL) ? describe : describe.skip

type PlanNode = { 'Node Type': string; 'Index Name'?: string; 'Relation Name'?: string; 'Actual Rows'?: number; Plans?: PlanNode[] }
const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)]

describePostgres('the staff inbox page plan', () => {
  let app: TestApp
  let small: string
  let large: string
  beforeAll(async () => {
    app = await startTestApp()
    small = (await createOrganization(app.context)).id
    large = (await createOrganization(app.context)).id
    const prisma = app.context.sudo().prisma as any
    // the small organization's 30 threads are older than each of the large one's 20,000
    await prisma.$executeRawUnsafe(
      `INSERT INTO "Conversation" (id, organization, subject, status, "createdAt", "lastMessageAt")
       SELECT 'plan-s' || i, $1, 'Q', 'unread'::"ConversationStatusType", now(), now() - interval '1 year' - (i || ' minutes')::interval FROM generate_series(1, 30) i
       UNION ALL
       SELECT 'plan-l' || i, $2, 'Q', 'unread'::"ConversationStatusType", now(), now() - (i || ' seconds')::interval FROM generate_series(1, 20000) i`,
      small,
      large
    )
    await prisma.$executeRawUnsafe('ANALYZE "Conversation"')
  }, 60_000)
  afterAll(() => app?.close())

  // the generic plan serves every organization once PostgreSQL settles on it: it must be the index walk;
  // a custom plan may read a small organization's few threads another way, but never the other's
  test.each([['force_generic_plan'], ['force_custom_plan']])('%s: reads the organization’s own threads only, a page of them for the large one', async mode => {
    const { page } = inboxStatements({ organizationId: 'x', status: 'unread', terms: null, take: 20, skip: 0 })
    const client = await ((app.context.prisma as any).$pgPool as import('pg').Pool).connect()
    try {
      await client.query(`SET plan_cache_mode = ${mode}`)
      await client.query(`PREPARE inbox_plan AS ${page.sql}`)
      for (const [organization, mostRead] of [[small, 30], [large, 20]] as const) {
        const [{ 'QUERY PLAN': [plan] }] = (await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE inbox_plan('${organization}', 'unread', 20, 0)`)).rows
        const scans = nodes(plan.Plan).filter(node => node['Relation Name'] === 'Conversation')
        expect(scans).toHaveLength(1)
        expect(scans[0]['Actual Rows']).toBeLessThanOrEqual(mostRead)
        if (mode === 'force_generic_plan') expect([scans[0]['Node Type'], scans[0]['Index Name']]).toEqual(['Index Scan', 'Conversation_organization_status_lastMessageAt_id_idx'])
      }
    } finally {
      await client.query('DEALLOCATE ALL').catch(() => {})
      await client.query('RESET plan_cache_mode').catch(() => {})
      client.release()
    }
  })
})
