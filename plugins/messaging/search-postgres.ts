// The staff inbox's search on PostgreSQL for staff who read every thread of the organization: one page
// of matching threads in one status, newest first, and their count. Each kind of match is its own
// index lookup (GIN trigram indexes on subject, unit, User.name, Contact.name and message text; the
// foreign-key indexes from a name to its threads), and the union of their thread ids is what the page
// sorts. Prisma's filter for the same OR joins the resident, contact and topic to every thread of the
// organization and tests each row (a scan of the organization's threads per search); see bench/inbox.ts.
// The same matches as searchFilter (search.ts) gives the other paths, which the tests run on both.
import type { SearchTerms } from './search'

type Prisma = { $queryRawUnsafe<T>(sql: string, ...values: unknown[]): Promise<T> }

/** A LIKE pattern matching `text` anywhere, its own % _ and \ taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, char => `\\${char}`)}%`

const HITS = `
  SELECT id FROM "Conversation" WHERE organization = $1 AND (subject ILIKE $2 OR "unitName" ILIKE $2)
  UNION SELECT c.id FROM "User" u JOIN "Conversation" c ON c.resident = u.id WHERE u.name ILIKE $2 AND c.organization = $1
  UNION SELECT c.id FROM "Contact" k JOIN "Conversation" c ON c.contact = k.id WHERE k.name ILIKE $2 AND c.organization = $1
  UNION SELECT c.id FROM "ConversationTopic" t JOIN "Conversation" c ON c.topic = t.id WHERE t.organization = $1 AND t.name ILIKE $2 AND c.organization = $1
  UNION SELECT conversation FROM "ConversationMessage" WHERE $3::text IS NOT NULL AND body ILIKE $3 AND organization = $1
  UNION SELECT id FROM "Conversation" WHERE organization = $1 AND (contact = ANY($4::text[]) OR resident = ANY($5::text[]))`

type PageInput = { organizationId: string; status: string; terms: SearchTerms; take: number; skip: number }

/** The page and count statements with their values (bench/inbox.ts prints the page's plan). */
export function searchStatements(input: PageInput) {
  const { terms } = input
  const pattern = containsPattern(terms.text)
  const values = [input.organizationId, pattern, terms.searchText ? pattern : null, terms.contactIds, terms.residentIds, input.status]
  const where = `c.id IN (${HITS}) AND c.organization = $1 AND c.status = $6::text::"ConversationStatusType"`
  return {
    page: { sql: `SELECT c.id FROM "Conversation" c WHERE ${where} ORDER BY c."lastMessageAt" DESC, c.id DESC LIMIT $7 OFFSET $8`, values: [...values, input.take, input.skip] },
    count: { sql: `SELECT count(*)::int AS count FROM "Conversation" c WHERE ${where}`, values },
  }
}

export async function searchPagePostgres(prisma: Prisma, input: PageInput): Promise<{ ids: string[]; count: number }> {
  const { page, count } = searchStatements(input)
  const [rows, total] = await Promise.all([
    prisma.$queryRawUnsafe<{ id: string }[]>(page.sql, ...page.values),
    prisma.$queryRawUnsafe<{ count: number }[]>(count.sql, ...count.values),
  ])
  return { ids: rows.map(row => row.id), count: total[0]?.count ?? 0 }
}
