// The staff inbox on PostgreSQL for staff who read every thread of the organization (the visibility
// rule's first branch): one statement for the page's rows with the resident, contact, property and topic
// names joined and the count beside them, instead of Prisma's page, count and a query per relation (six).
// Without a search the count is one row of ConversationStatusCount, which triggers keep per organization
// and status (adapters/database/maintained-counts.ts), instead of counting every thread of the status.
//
// With a search, each kind of match is its own index lookup (GIN trigram indexes on subject, unit,
// User.name, Contact.name and message text; the foreign-key indexes from a name to its threads), and the
// union of their thread ids is what the page sorts. Prisma's filter for the same OR joins the resident,
// contact and topic to every thread of the organization and tests each row. The matches are the same as
// searchFilter's (search.ts), which the other paths use; the tests run both.
import { likeEscaped } from '../../adapters/database/like'
import { rawRows } from '../../adapters/database/raw-pool'
import type { SearchTerms } from './search'

type Prisma = { $queryRawUnsafe<T>(sql: string, ...values: unknown[]): Promise<T> }

/** A LIKE pattern matching `text` anywhere, its own % _ and \ taken literally. */
export const containsPattern = (text: string) => `%${likeEscaped(text)}%`

// $1 organization ($2 is the status), $3 pattern, $4 pattern for message text (null: not searched),
// $5 contact ids and $6 resident user ids matched by phone
const HITS = `
  SELECT id FROM "Conversation" WHERE organization = $1 AND (subject ILIKE $3 OR "unitName" ILIKE $3)
  UNION SELECT c.id FROM "User" u JOIN "Conversation" c ON c.resident = u.id WHERE u.name ILIKE $3 AND c.organization = $1
  UNION SELECT c.id FROM "Contact" k JOIN "Conversation" c ON c.contact = k.id WHERE k.name ILIKE $3 AND c.organization = $1
  UNION SELECT c.id FROM "ConversationTopic" t JOIN "Conversation" c ON c.topic = t.id WHERE t.organization = $1 AND t.name ILIKE $3 AND c.organization = $1
  UNION SELECT conversation FROM "ConversationMessage" WHERE $4::text IS NOT NULL AND body ILIKE $4 AND organization = $1
  UNION SELECT id FROM "Conversation" WHERE organization = $1 AND (contact = ANY($5::text[]) OR resident = ANY($6::text[]))`

// the names as lookups by primary key for the page's rows only, whatever the planner estimates a page to hold
const COLUMNS = `c.id, c.subject, c.status::text AS status, c."unitName", c."lastMessageAt", c."lastMessagePreview", c."lastMessageAuthorName",
  c."staffUnreadCount", c."reopenCount",
  (SELECT name FROM "User" WHERE id = c.resident) AS "residentName", (SELECT name FROM "Contact" WHERE id = c.contact) AS "contactName",
  (SELECT name FROM "Property" WHERE id = c.property) AS "propertyName", (SELECT name FROM "ConversationTopic" WHERE id = c.topic) AS "topicName"`

export type InboxRowPostgres = {
  id: string; subject: string; status: string; unitName: string | null; lastMessageAt: Date | null; lastMessagePreview: string | null
  lastMessageAuthorName: string | null; staffUnreadCount: number; reopenCount: number
  residentName: string | null; contactName: string | null; propertyName: string | null; topicName: string | null
}

type PageInput = { organizationId: string; status: string; terms: SearchTerms | null; take: number; skip: number }

const ORDER = `ORDER BY c."lastMessageAt" DESC, c.id DESC`

/** The organization's threads in the status ($1, $2), as the count table's triggers keep it (schema/messaging/index.ts). */
const STATUS_COUNT = `SELECT COALESCE((SELECT count FROM "ConversationStatusCount" WHERE organization = $1 AND status = $2::"ConversationStatusType"), 0)`

/**
 * The statements with their values (bench/inbox.ts prints the search page's plan). One statement per
 * page: without a search, the page (an index walk that stops after the page, names joined to its rows
 * only) with the status count (one row, run once as an InitPlan) beside it; with one, the matching
 * threads found once, then counted and paged (so the union of lookups is not run twice). One round trip
 * and one Prisma call a page: each costs the API more CPU than the count's own work in PostgreSQL.
 * `count` alone is only asked when the page came back empty (skip beyond the last row).
 */
export function inboxStatements(input: PageInput) {
  const { terms } = input
  const values: unknown[] = [input.organizationId, input.status]
  let where = `c.organization = $1 AND c.status = $2::"ConversationStatusType"`
  if (terms) {
    const pattern = containsPattern(terms.text)
    values.push(pattern, terms.searchText ? pattern : null, terms.contactIds, terms.residentIds)
    where += ` AND c.id IN (${HITS})`
  }
  const n = values.length
  const paging = { values: [...values, input.take, input.skip], limit: `LIMIT $${n + 1} OFFSET $${n + 2}` }
  const withNames = (pageOf: string, total: string) =>
    `SELECT ${COLUMNS}, ${total} AS total FROM (${pageOf}) AS c ${ORDER}`
  return {
    page: {
      sql: terms
        ? `WITH hit AS MATERIALIZED (SELECT c.id, c."lastMessageAt" FROM "Conversation" c WHERE ${where}) ` +
          withNames(`SELECT c.* FROM hit JOIN "Conversation" c ON c.id = hit.id ${ORDER} ${paging.limit}`, '(SELECT count(*)::int FROM hit)')
        : withNames(`SELECT c.* FROM "Conversation" c WHERE ${where} ${ORDER} ${paging.limit}`, `(${STATUS_COUNT})`),
      values: paging.values,
    },
    count: { sql: terms ? `SELECT count(*)::int AS count FROM "Conversation" c WHERE ${where}` : `SELECT (${STATUS_COUNT}) AS count`, values },
  }
}

export async function inboxPagePostgres(prisma: Prisma, input: PageInput): Promise<{ rows: InboxRowPostgres[]; count: number }> {
  const { page, count } = inboxStatements(input)
  // without a search, prepared: the page can only be a walk of the (organization, status, lastMessageAt,
  // id) index, whatever the organization's size (no index on lastMessageAt alone offers another walk), so
  // one plan serves every organization and is not planned again on each page; a search's best plan
  // depends on its pattern
  const prepared = !input.terms
  const countOf = async () => (await rawRows<{ count: number }>(prisma, count.sql, count.values, { prepared }))[0]?.count ?? 0
  const rows = await rawRows<InboxRowPostgres & { total: number }>(prisma, page.sql, page.values, { prepared })
  return { rows: rows.map(({ total: _, ...row }) => row), count: rows.length ? rows[0].total : await countOf() }
}
