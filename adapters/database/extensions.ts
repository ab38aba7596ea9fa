// PostgreSQL extensions a datamodel needs before its indexes can exist: an operator class the Prisma
// schema names (`@@index([body(ops: raw("gin_trgm_ops"))], type: Gin)`) comes from an extension, which
// Prisma's schema cannot declare without a preview feature whose diff never settles here (it re-creates
// the extension on every comparison). So committed migrations create it in their own SQL, and a push
// (development, benchmarks, variant test schemas) creates it first. Extensions live in `public`, once
// per database: a test schema dropped with CASCADE must never take one along (with the indexes of every
// other schema), and the engine's connections search `public` after their own schema (engine-adapter.ts).
import pg from 'pg'
import { stripSchemaParam, type DatabaseTarget } from './index'

/** Operator classes our datamodels name, and the extension each comes from. */
const EXTENSION_OF_OPCLASS: Record<string, string> = { gin_trgm_ops: 'pg_trgm' }

export const EXTENSIONS_SCHEMA = 'public'

export function extensionsFor(datamodel: string): string[] {
  const named = [...datamodel.matchAll(/ops:\s*raw\("(\w+)"\)/g)].map(match => EXTENSION_OF_OPCLASS[match[1]]).filter(Boolean)
  return [...new Set(named)]
}

/** Creates the extensions the datamodel needs (no-op when present; needs the right to create them). */
export async function createExtensions(target: DatabaseTarget, datamodel: string): Promise<string[]> {
  const names = target.provider === 'postgresql' ? extensionsFor(datamodel) : []
  if (names.length === 0) return []
  const client = new pg.Client({ connectionString: stripSchemaParam(target.url) })
  await client.connect()
  try {
    for (const name of names) await client.query(`CREATE EXTENSION IF NOT EXISTS ${pg.escapeIdentifier(name)} WITH SCHEMA ${pg.escapeIdentifier(EXTENSIONS_SCHEMA)}`)
  } finally {
    await client.end()
  }
  return names
}
