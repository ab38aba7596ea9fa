// The staff inbox on PostgreSQL for staff who read every thread of the organization (the visibility
// rule's first branch): one statement for the page's rows with the resident, contact, property and topic
// names joined, and one for the count, instead of Prisma's page, count and a query per relation (six).
//
// With a search, each kind of match is its own index lookup (GIN trigram indexes on subject, unit,
// User.name, Contact.name and message text; the foreign-key indexes from a name to its threads), and the
// union of their thread ids is what the page sorts. Prisma's filter for the same OR joins the resident,
// contact and topic to every thread of the organization and tests each row. The matches are the same as
// searchFilter's (search.ts), which the other paths use; the tests run both.
import type { SearchTerms } from './search'

type Prisma = { $queryRawUnsafe<T>(sql: string, ...values: unknown[]): Promise<T> }

/** A LIKE pattern matching `text` anywhere, its own % _ and \ taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, char => `\\${char}`)}%`

// $1 organization ($2 is the status), $3 pattern, $4 pattern for message text (null: not searched),
// $5 contact ids and $6 resident user ids matched by phone
const HITS = `
  SELECT id FROM "Conversation" WHERE organization = $1 AND (subject ILIKE $3 OR "unitName" ILIKE $3)
  UNION SELECT c.id FROM "User" u JOIN "Conversation" c ON c.resident = u.id WHERE u.name ILIKE $3 AND c.organization = $1
  UNION SELECT c.id FROM "Contact" k JOIN "Conversation" c ON c.contact = k.id WHERE k.name ILIKE $3 AND c.organization = $1
  UNION SELECT c.id FROM "ConversationTopic" t JOIN "Conversation" c ON c.topic = t.id WHERE t.organization = $1 AND t.name ILIKE $3 AND c.organization = $1
  UNION SELECT conversation FROM "ConversationMessage" WHERE $4::text IS NOT NULL AND body ILIKE $4 AND organization = $1
  UNION SELECT id FROM "Conversation" WHERE organization = $1 AND (contact = ANY($5::text[]) OR resident = ANY($6::text[]))`

const COLUMNS = `c.id, c.subject, c.status::text AS status, c."unitName", c."lastMessageAt", c."lastMessagePreview", c."lastMessageAuthorName",
  c."staffUnreadCount", c."reopenCount", u.name AS "residentName", k.name AS "contactName", p.name AS "propertyName", t.name AS "topicName"`

const JOINS = `LEFT JOIN "User" u ON u.id = c.resident LEFT JOIN "Contact" k ON k.id = c.contact
  LEFT JOIN "Property" p ON p.id = c.property LEFT JOIN "ConversationTopic" t ON t.id = c.topic`

export type InboxRowPostgres = {
  id: string; subject: string; status: string; unitName: string | null; lastMessageAt: Date | null; lastMessagePreview: string | null
  lastMessageAuthorName: string | null; staffUnreadCount: number; reopenCount: number
  residentName: string | null; contactName: string | null; propertyName: string | null; topicName: string | null
}

type PageInput = { organizationId: string; status: string; terms: SearchTerms | null; take: number; skip: number }

/** The page and count statements with their values (bench/inbox.ts prints the search page's plan). */
export function inboxStatements(input: PageInput) {
  const { terms } = input
  const pattern = terms ? containsPattern(terms.text) : null
  const values: unknown[] = [input.organizationId, input.status]
  let where = `c.organization = $1 AND c.status = $2::text::"ConversationStatusType"`
  if (terms) {
    values.push(pattern, terms.searchText ? pattern : null, terms.contactIds, terms.residentIds)
    where += ` AND c.id IN (${HITS})`
  }
  const n = values.length
  return {
    page: {
      sql: `SELECT ${COLUMNS} FROM "Conversation" c ${JOINS} WHERE ${where} ORDER BY c."lastMessageAt" DESC, c.id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
      values: [...values, input.take, input.skip],
    },
    count: { sql: `SELECT count(*)::int AS count FROM "Conversation" c WHERE ${where}`, values },
  }
}

export async function inboxPagePostgres(prisma: Prisma, input: PageInput): Promise<{ rows: InboxRowPostgres[]; count: number }> {
  const { page, count } = inboxStatements(input)
  const [rows, total] = await Promise.all([
    prisma.$queryRawUnsafe<InboxRowPostgres[]>(page.sql, ...page.values),
    prisma.$queryRawUnsafe<{ count: number }[]>(count.sql, ...count.values),
  ])
  return { rows, count: total[0]?.count ?? 0 }
}
