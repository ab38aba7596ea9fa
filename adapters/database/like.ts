// Typed text inside a LIKE pattern, taken literally. Prisma (and Keystone's filters over it) turn
// `contains` into LIKE without escaping the text's own % and _, so a search for "50%" matched every row
// with "50" in it, and "_" any character. PostgreSQL's LIKE escapes with a backslash by default, so the
// text is escaped there. SQLite's LIKE has no escape character unless the statement names one, and
// Prisma's does not: there the wildcards still act (the embedded mode's small databases; a known limit).
export const likeEscaped = (text: string) => text.replace(/[\\%_]/g, char => `\\${char}`)
