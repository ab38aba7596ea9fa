// A "contains" filter that takes the typed text literally (adapters/database/like.ts says why and where).
import { likeEscaped } from '../../adapters/database/like'

/** The filter for `text` anywhere in a column: case-insensitive on PostgreSQL (ILIKE), LIKE on SQLite. */
export const containsFilter = (text: string, postgres: boolean) =>
  postgres ? { contains: likeEscaped(text), mode: 'insensitive' } : { contains: text }
