// Once per PostgreSQL run (global setup): do the committed migrations produce the schema the client was
// generated from? Each test file's schema gets only the migrations, so a list or field whose migration
// was not written would otherwise fail inside a test as "column ... does not exist".
import fs from 'node:fs'
import path from 'node:path'
import { stripSchemaParam } from '../../adapters/database'
import { checkDrift } from '../../adapters/database/schema-engine'

const ROOT = path.resolve(__dirname, '../..')
const GENERATED_SCHEMA = path.join(ROOT, 'generated/schema.prisma')
const MIGRATIONS_DIR = path.join(ROOT, 'migrations')

/** Where global setup leaves the problem for the test files (their workers inherit the environment). */
export const MIGRATIONS_PROBLEM_ENV = 'CMS_TEST_MIGRATIONS_PROBLEM'

/** The tables, columns and indexes a migration script creates or changes, in words. */
export function describeMigrationSql(sql: string): string[] {
  const items: string[] = []
  const statements = sql
    .split(/;\s*$/m)
    .map(s => s.split('\n').filter(line => !line.trim().startsWith('--')).join('\n').trim())
    .filter(Boolean)
  for (const statement of statements) {
    const table = statement.match(/^(CREATE|ALTER|DROP) TABLE "([^"]+)"/)
    const index = statement.match(/^CREATE (UNIQUE )?INDEX "([^"]+)" ON "([^"]+)"/)
    if (table?.[1] === 'CREATE') items.push(`table ${table[2]}`)
    else if (table?.[1] === 'DROP') items.push(`dropping table ${table[2]}`)
    else if (table?.[1] === 'ALTER') {
      const changes = [...statement.matchAll(/\b(ADD|DROP|ALTER) COLUMN\s+"([^"]+)"/g)].map(([, verb, column]) =>
        verb === 'ADD' ? `column ${table[2]}.${column}` : `${verb === 'DROP' ? 'dropping' : 'changing'} column ${table[2]}.${column}`
      )
      items.push(...(changes.length ? changes : [`a constraint on table ${table[2]}`]))
    } else if (index) items.push(`${index[1] ? 'unique ' : ''}index ${index[2]} on ${index[3]}`)
    else items.push(statement.split('\n')[0])
  }
  return items
}

/** undefined when the migrations match generated/schema.prisma; else what is wrong and what to run. */
export async function migrationsProblem(databaseUrl: string, datamodel = fs.readFileSync(GENERATED_SCHEMA, 'utf8')): Promise<string | undefined> {
  if (!/provider\s*=\s*"postgresql"/.test(datamodel)) {
    return 'generated/schema.prisma is not for PostgreSQL but DATABASE_URL is: run `DATABASE_URL=<it> npm run generate` (or `npm test`, which does)'
  }
  const drift = await checkDrift({ provider: 'postgresql', url: stripSchemaParam(databaseUrl) }, MIGRATIONS_DIR, datamodel)
  if (!drift.drifted) return undefined
  return [
    'The committed migrations do not produce the schema config.ts describes (generated/schema.prisma). They lack:',
    ...describeMigrationSql(drift.sql).map(item => `  - ${item}`),
    'Write the migration and commit it:',
    `  DATABASE_URL=${stripSchemaParam(databaseUrl)} npm run db:migrate -- --name <change>`,
  ].join('\n')
}
