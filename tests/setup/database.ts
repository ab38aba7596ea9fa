// One isolated database per test file. SQLite (DATABASE_URL unset or file:): a copy of a template file
// pushed once per schema version. PostgreSQL: a fresh schema in DATABASE_URL's database with the
// committed migrations applied, exactly as `npm run db:deploy` does in production.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { stripSchemaParam } from '../../adapters/database'
import { applyMigrations, push } from '../../adapters/database/schema-engine'
import { MIGRATIONS_PROBLEM_ENV } from './migrations-match'

export type TestDatabase = { env: { DATABASE_URL: string }; drop(): Promise<void> }

const ROOT = path.resolve(__dirname, '../..')
const GENERATED_SCHEMA = path.join(ROOT, 'generated/schema.prisma')
export const MIGRATIONS_DIR = path.join(ROOT, 'migrations')
const TEMPLATE_PREFIX = 'cms-test-template-'

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url.trim())
}

/** `datamodel`: a schema of its own (a variant client's) instead of the generated one and the migrations. */
export async function createTestDatabase(options: { datamodel?: string } = {}): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL
  return isPostgresUrl(url) ? createPostgresSchema(url.trim(), options.datamodel) : createSqliteCopy(options.datamodel)
}

function uniqueSuffix(): string {
  return `${process.pid}_${crypto.randomBytes(4).toString('hex')}`
}

// --- SQLite -----------------------------------------------------------------------------------

/**
 * The schema the tests' Prisma client was generated from (generated/schema.prisma): the database
 * must match that client, and reading the file avoids rebuilding the Keystone config per run.
 */
function generatedSqliteSchema(): string {
  const datamodel = fs.readFileSync(GENERATED_SCHEMA, 'utf8')
  const provider = datamodel.match(/provider\s*=\s*"(sqlite|postgresql)"/)?.[1]
  if (provider !== 'sqlite') {
    throw new Error(
      `generated/schema.prisma is for ${provider}, the tests run on SQLite: run \`npm run generate\` without DATABASE_URL`
    )
  }
  return datamodel
}

/** Pushes the schema into a template file once per schema version; later runs reuse it. */
export async function ensureSqliteTemplate(datamodel = generatedSqliteSchema()): Promise<string> {
  const hash = crypto.createHash('sha256').update(datamodel).digest('hex').slice(0, 16)
  const template = path.join(os.tmpdir(), `${TEMPLATE_PREFIX}${hash}.db`)
  if (fs.existsSync(template)) return template
  const building = `${template}.${uniqueSuffix()}.tmp`
  try {
    await push({ provider: 'sqlite', url: `file:${building}` }, datamodel)
    fs.renameSync(building, template) // atomic: parallel workers never see a half-built template
  } finally {
    fs.rmSync(building, { force: true })
  }
  return template
}

/** Templates of other schema versions older than a day (a younger one may serve a concurrent run). */
export function removeStaleSqliteTemplates(keep: string, maxAgeMs = 24 * 60 * 60 * 1000) {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const file = path.join(os.tmpdir(), name)
    if (!name.startsWith(TEMPLATE_PREFIX) || file === keep) continue
    const stat = fs.statSync(file, { throwIfNoEntry: false })
    if (stat && Date.now() - stat.mtimeMs > maxAgeMs) fs.rmSync(file, { force: true })
  }
}

async function createSqliteCopy(datamodel?: string): Promise<TestDatabase> {
  const template = await ensureSqliteTemplate(datamodel)
  const file = path.join(os.tmpdir(), `cms-test-${uniqueSuffix()}.db`)
  fs.copyFileSync(template, file)
  return {
    env: { DATABASE_URL: `file:${file}` },
    async drop() {
      for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
    },
  }
}

// --- PostgreSQL -------------------------------------------------------------------------------

async function createPostgresSchema(url: string, datamodel?: string): Promise<TestDatabase> {
  const problem = process.env[MIGRATIONS_PROBLEM_ENV]
  if (problem && !datamodel) throw new Error(problem)
  const base = stripSchemaParam(url)
  const schema = `t_${uniqueSuffix()}`
  // the engine creates the schema (and records the migrations in <schema>._prisma_migrations)
  if (datamodel) await push({ provider: 'postgresql', url: base, schema }, datamodel)
  else await applyMigrations({ provider: 'postgresql', url: base, schema }, MIGRATIONS_DIR)
  const withSchema = new URL(base)
  withSchema.searchParams.set('schema', schema)
  return {
    env: { DATABASE_URL: withSchema.toString() },
    async drop() {
      const client = new pg.Client({ connectionString: base })
      await client.connect()
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`)
      } finally {
        await client.end()
      }
    },
  }
}
