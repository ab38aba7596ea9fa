// The WebAssembly schema engine on PostgreSQL (the production path): push, committed migrations,
// drift. Runs when DATABASE_URL is postgres://; skipped otherwise (run it with
// DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx jest tests/adapters/database).
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { stripSchemaParam, type DatabaseTarget } from '../../../adapters/database'
import { applyMigrations, checkDrift, createMigration, push } from '../../../adapters/database/schema-engine'
import { storageParametersFor } from '../../../adapters/database/storage-parameters'
import { maintainedCountsFor } from '../../../adapters/database/maintained-counts'
import { postgresTargetFor, prismaSchemaFor } from '../../../bin/db'
import { createTestDatabase, isPostgresUrl, MIGRATIONS_DIR } from '../../setup/database'

const DATABASE_URL = isPostgresUrl(process.env.DATABASE_URL) ? stripSchemaParam(process.env.DATABASE_URL) : ''
const describePostgres = DATABASE_URL ? describe : describe.skip

async function sql<T = any>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: DATABASE_URL })
  await client.connect()
  try {
    return (await client.query(text, values)).rows
  } finally {
    await client.end()
  }
}

/** A schema of its own for one test, dropped afterwards. */
async function withSchema(work: (target: DatabaseTarget) => Promise<void>) {
  const schema = `engine_${process.pid}_${crypto.randomBytes(4).toString('hex')}`
  try {
    await work({ provider: 'postgresql', url: DATABASE_URL, schema })
  } finally {
    await sql(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`)
  }
}

function withExtraField(datamodel: string, model: string, field: string): string {
  const next = datamodel.replace(`model ${model} {`, `model ${model} {\n  ${field}`)
  if (next === datamodel) throw new Error(`model ${model} not found in the datamodel`)
  return next
}

/** The tables of a schema that have storage parameters, with them (`fillfactor=25`). */
async function storageOf(schema: string) {
  const rows = await sql(
    `SELECT c.relname, c.reloptions FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r' AND c.reloptions IS NOT NULL ORDER BY c.relname`,
    [schema]
  )
  return Object.fromEntries(rows.map(row => [row.relname, row.reloptions]))
}

function expectedStorage(datamodel: string) {
  const tables = storageParametersFor(datamodel)
  expect(tables.map(t => t.table)).toContain('Message')
  return Object.fromEntries(tables.map(t => [t.table, Object.entries(t.parameters).map(([key, value]) => `${key}=${value}`)]))
}

/** The triggers of a schema's tables, `Table.trigger`. */
async function triggersOf(schema: string) {
  const rows = await sql(
    `SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND NOT t.tgisinternal ORDER BY 1, 2`,
    [schema]
  )
  return rows.map(row => `${row.relname}.${row.tgname}`)
}

/** The triggers the datamodel's count tables need (maintained-counts.ts): the inbox's status count at least. */
function expectedTriggers(datamodel: string) {
  const counts = maintainedCountsFor(datamodel)
  expect(counts.map(c => c.table)).toContain('ConversationStatusCount')
  return counts.flatMap(c => ['delete', 'insert', 'truncate', 'update'].map(event => `${c.source}.${c.table}_${event}`)).sort()
}

describePostgres('PostgreSQL', () => {
  let datamodel: string
  beforeAll(async () => {
    // the schema keystone.ts yields for PostgreSQL, built as `npm run db:check` builds it
    datamodel = await prismaSchemaFor({ ...process.env, DATABASE_URL: postgresTargetFor(process.env).url })
  })

  test('push creates the schema and its tables, and a second push has nothing to do', () =>
    withSchema(async target => {
      expect((await push(target, datamodel)).executedSteps).toBeGreaterThan(0)
      const tables = await sql(`SELECT tablename FROM pg_tables WHERE schemaname = $1`, [target.schema])
      expect(tables.map(t => t.tablename)).toEqual(expect.arrayContaining(['User', 'Organization', 'Property']))
      expect(await push(target, datamodel)).toEqual({ executedSteps: 0, warnings: [] })
      // what Prisma's schema cannot say (storage-parameters.ts): Message's fillfactor, for HOT claims
      expect(await storageOf(target.schema!)).toEqual(expectedStorage(datamodel))
      // nor a count kept by trigger (maintained-counts.ts)
      expect(await triggersOf(target.schema!)).toEqual(expectedTriggers(datamodel))
    }))

  test('the committed migrations produce exactly the datamodel, recorded like prisma migrate deploy', () =>
    withSchema(async target => {
      const { applied } = await applyMigrations(target, MIGRATIONS_DIR)
      const committed = fs.readdirSync(MIGRATIONS_DIR).filter(name => /^\d{14}_/.test(name))
      expect(applied).toEqual(committed.sort())
      const recorded = await sql(
        `SELECT migration_name, finished_at IS NOT NULL AS done FROM ${pg.escapeIdentifier(target.schema!)}._prisma_migrations ORDER BY migration_name`
      )
      expect(recorded).toEqual(committed.map(migration_name => ({ migration_name, done: true })))

      // the database now equals the datamodel: pushing it changes nothing
      expect(await push(target, datamodel)).toEqual({ executedSteps: 0, warnings: [] })
      // and deploying again applies nothing
      expect(await applyMigrations(target, MIGRATIONS_DIR)).toEqual({ applied: [] })
      // the storage parameters a push sets, the migrations set too (Prisma's diff cannot see them)
      expect(await storageOf(target.schema!)).toEqual(expectedStorage(datamodel))
      // and the triggers that keep the counts
      expect(await triggersOf(target.schema!)).toEqual(expectedTriggers(datamodel))
    }))

  test('no drift between the committed migrations and the current config', async () => {
    const report = await checkDrift(postgresTargetFor(process.env), MIGRATIONS_DIR, datamodel)
    expect(report).toEqual({ drifted: false, sql: '' })
  })

  test('drift is detected when the datamodel gains a column the migrations lack', async () => {
    const changed = withExtraField(datamodel, 'User', 'nickname String @default("")')
    const report = await checkDrift(postgresTargetFor(process.env), MIGRATIONS_DIR, changed)
    expect(report.drifted).toBe(true)
    expect(report.sql).toContain(`ALTER TABLE "User" ADD COLUMN     "nickname" TEXT NOT NULL DEFAULT ''`)
  })

  test('createMigration writes the missing step once, then reports no changes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-migrations-'))
    try {
      fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true })
      const changed = withExtraField(datamodel, 'Property', 'floors Int?')
      const target = postgresTargetFor(process.env)
      const created = await createMigration(target, dir, changed, 'add_floors', new Date('2099-01-02T03:04:05Z'))
      expect(created?.name).toBe('20990102030405_add_floors')
      expect(fs.readFileSync(path.join(dir, '20990102030405_add_floors/migration.sql'), 'utf8')).toContain(
        'ALTER TABLE "Property" ADD COLUMN     "floors" INTEGER;'
      )
      expect(await createMigration(target, dir, changed, 'again')).toBeNull()
      expect(fs.readdirSync(dir).filter(name => name.endsWith('_again'))).toEqual([])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  test('a failing migration is named in one line and leaves nothing half-applied', () =>
    withSchema(async target => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-migrations-'))
      try {
        fs.cpSync(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), path.join(dir, 'migration_lock.toml'))
        fs.mkdirSync(path.join(dir, '20990101000000_broken'))
        fs.writeFileSync(
          path.join(dir, '20990101000000_broken/migration.sql'),
          'CREATE TABLE "Half" (id int);\nCREATE TABLE "Half" (id int);\n'
        )
        await expect(applyMigrations(target, dir)).rejects.toThrow(
          /^Migration 20990101000000_broken failed: relation "Half" already exists \(PostgreSQL 42P07\)$/
        )
        // the script ran as one implicit transaction: its first statement was rolled back too
        expect(await sql(`SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'Half'`, [target.schema])).toEqual([])
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    }))

  test('createTestDatabase gives a migrated schema of its own and drops it', async () => {
    const database = await createTestDatabase()
    const schema = new URL(database.env.DATABASE_URL).searchParams.get('schema')!
    expect(schema).toMatch(/^t_\d+_[0-9a-f]{8}$/)
    const tables = await sql(`SELECT tablename FROM pg_tables WHERE schemaname = $1`, [schema])
    expect(tables.map(t => t.tablename)).toEqual(expect.arrayContaining(['User', '_prisma_migrations']))
    await database.drop()
    expect(await sql(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [schema])).toEqual([])
  })
})
