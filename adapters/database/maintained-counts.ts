// Counts PostgreSQL keeps by trigger: a table holding, per group of a source table's columns, how many
// rows the source has in that group (the staff inbox's threads per organization and status). Reading
// one row replaces counting thousands on every page. Prisma's schema has the count table as a model
// with a comment line naming what it counts (`// counts: Conversation by organization, status`, written
// by schema/shared/prisma-schema.ts's addMaintainedCount); the triggers come from here: after a push
// (development, benchmarks, variant test schemas) and, as the same SQL, in the migration that creates
// the table. Prisma neither reads nor diffs functions and triggers, so neither side reports the other
// as drift.
//
// Every path that writes the source is counted (Prisma, Keystone, raw SQL, bulk updates): row triggers
// on INSERT, DELETE and an UPDATE that moves a row between groups, and TRUNCATE. A move locks its two
// count rows in key order, so two opposite moves (unread -> open, open -> unread) cannot deadlock. The
// count rows of one group serialize the transactions that move rows into or out of it until they end:
// fine for a status changed by people, not for a column a queue rewrites thousands of times a second.
import pg from 'pg'
import type { DatabaseTarget } from './index'
import { modelComments, withSchemaClient } from './model-comments'

export type MaintainedCount = { table: string; source: string; by: string[] }

/** The count tables the datamodel declares (their `// counts:` lines), by table name. */
export function maintainedCountsFor(datamodel: string): MaintainedCount[] {
  return modelComments(datamodel, 'counts').map(({ model, table, text }) => {
    const match = /^"?(\w+)"? by ([\w\s,"]+)$/.exec(text)
    if (!match) throw new Error(`model ${model}: a counts line reads "// counts: <Table> by <column>, <column>", not "${text}"`)
    return { table, source: match[1], by: match[2].split(',').map(column => column.trim().replace(/"/g, '')) }
  })
}

const q = (name: string) => pg.escapeIdentifier(name)

/**
 * The function, triggers and a recount for one count table, unqualified (the connection's search_path
 * picks the schema; the function keeps the one it was created under). Run as one script: the recount
 * locks the source against writes, so a row written while the triggers are being created is counted once.
 */
export function maintainedCountSql({ table, source, by }: MaintainedCount): string {
  const fn = q(`${table}_maintain`)
  const columns = by.map(q).join(', ')
  const add = (row: 'NEW' | 'OLD', delta: number) =>
    `IF ${by.map(c => `${row}.${q(c)} IS NOT NULL`).join(' AND ')} THEN
      INSERT INTO ${q(table)} (${columns}, count) VALUES (${by.map(c => `${row}.${q(c)}`).join(', ')}, ${delta})
        ON CONFLICT (${columns}) DO UPDATE SET count = ${q(table)}.count + EXCLUDED.count;
    END IF;`
  const key = (row: 'NEW' | 'OLD') => `ROW(${by.map(c => `${row}.${q(c)}::text`).join(', ')})`
  const trigger = (name: string) => q(`${table}_${name}`)
  return `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $maintain$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM ${q(table)};
  ELSIF TG_OP = 'INSERT' THEN
    ${add('NEW', 1)}
  ELSIF TG_OP = 'DELETE' THEN
    ${add('OLD', -1)}
  ELSIF ${key('NEW')} < ${key('OLD')} THEN
    -- the two count rows in key order, whichever way the row moves
    ${add('NEW', 1)}
    ${add('OLD', -1)}
  ELSE
    ${add('OLD', -1)}
    ${add('NEW', 1)}
  END IF;
  RETURN NULL;
END
$maintain$;
DROP TRIGGER IF EXISTS ${trigger('insert')} ON ${q(source)};
CREATE TRIGGER ${trigger('insert')} AFTER INSERT ON ${q(source)} FOR EACH ROW EXECUTE FUNCTION ${fn}();
DROP TRIGGER IF EXISTS ${trigger('delete')} ON ${q(source)};
CREATE TRIGGER ${trigger('delete')} AFTER DELETE ON ${q(source)} FOR EACH ROW EXECUTE FUNCTION ${fn}();
DROP TRIGGER IF EXISTS ${trigger('update')} ON ${q(source)};
CREATE TRIGGER ${trigger('update')} AFTER UPDATE OF ${columns} ON ${q(source)} FOR EACH ROW
  WHEN (${by.map(c => `OLD.${q(c)} IS DISTINCT FROM NEW.${q(c)}`).join(' OR ')}) EXECUTE FUNCTION ${fn}();
DROP TRIGGER IF EXISTS ${trigger('truncate')} ON ${q(source)};
CREATE TRIGGER ${trigger('truncate')} AFTER TRUNCATE ON ${q(source)} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();
DO $recount$ BEGIN
  LOCK TABLE ${q(source)} IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM ${q(table)};
  INSERT INTO ${q(table)} (${columns}, count)
    SELECT ${columns}, count(*) FROM ${q(source)} WHERE ${by.map(c => `${q(c)} IS NOT NULL`).join(' AND ')} GROUP BY ${columns};
END $recount$;
`
}

/** Creates (or replaces) the datamodel's count triggers on the target and recounts (PostgreSQL; a no-op elsewhere). */
export async function applyMaintainedCounts(target: DatabaseTarget, datamodel: string): Promise<number> {
  const counts = target.provider === 'postgresql' ? maintainedCountsFor(datamodel) : []
  if (counts.length === 0) return 0
  // one simple query: one transaction, as a migration runs
  await withSchemaClient(target, client => client.query(counts.map(maintainedCountSql).join('\n')))
  return counts.length
}
