// A "contains" filter that takes the typed text literally. Prisma (and Keystone's filters over it) turn
// `contains` into LIKE without escaping the text's own % and _, so a search for "50%" matched every row
// with "50" in it, and "_" anything. PostgreSQL's LIKE escapes with a backslash by default, so the text
// is escaped there. SQLite's LIKE has no escape character unless the statement names one, and Prisma's
// does not: there the wildcards still act (the embedded mode's small databases; a known limit).
export const likeEscaped = (text: string) => text.replace(/[\\%_]/g, char => `\\${char}`)

/** The filter for `text` anywhere in a column: case-insensitive on PostgreSQL (ILIKE), LIKE on SQLite. */
export const containsFilter = (text: string, postgres: boolean) =>
  postgres ? { contains: likeEscaped(text), mode: 'insensitive' } : { contains: text }
