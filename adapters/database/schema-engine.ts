// The project's schema commands on Prisma's WebAssembly schema engine, fully offline:
// push (development), migration SQL and apply (production), and the drift check (CI).
import type { SchemaEngine, SchemaFilter, SchemasContainer } from '@prisma/schema-engine-wasm'
import type { DatabaseTarget } from './index'
import { createEngineConnection } from './engine-adapter'
import { describeEngineError, SchemaEngineError } from './engine-errors'
import { createExtensions } from './extensions'
import { applyStorageParameters } from './storage-parameters'
import { applyMaintainedCounts } from './maintained-counts'
import { lockedProvider, readMigrationsDir, writeMigration } from './migrations-dir'
import { loadWasmEngine } from './wasm-engine'

export { SchemaEngineError } from './engine-errors'

export type PushResult = { executedSteps: number; warnings: string[] }
export type AppliedMigrations = { applied: string[] }
export type CreatedMigration = { name: string; folder: string; sql: string }
/** What the committed migrations lack compared with the datamodel; `sql` is what a new migration would hold. */
export type DriftReport = { drifted: boolean; sql: string }

const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] }
const SCHEMA_FILE = 'schema.prisma'

function schemas(datamodel: string): SchemasContainer {
  return { files: [{ path: SCHEMA_FILE, content: datamodel }] }
}

/** Runs `work` with a fresh engine for `target`; always frees the engine and its connections. */
async function withEngine<T>(
  target: DatabaseTarget,
  datamodel: string | undefined,
  work: (engine: SchemaEngine) => Promise<T>
): Promise<T> {
  if (datamodel !== undefined) assertProvider(target, datamodel)
  const wasm = await loadWasmEngine()
  const connection = createEngineConnection(target)
  const log = (line: string) => {
    if (process.env.DEBUG) process.stderr.write(line)
  }
  let engine: SchemaEngine | undefined
  try {
    engine = await wasm.SchemaEngine.new(
      { datamodels: datamodel === undefined ? undefined : [[SCHEMA_FILE, datamodel]] },
      log,
      connection.factory
    )
    return await work(engine)
  } catch (error) {
    throw describeEngineError(error, target, connection.lastDriverError())
  } finally {
    engine?.free()
    await connection.close()
  }
}

function assertProvider(target: DatabaseTarget, datamodel: string) {
  const provider = datamodel.match(/datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"([^"]+)"/)?.[1]
  if (provider && provider !== target.provider) {
    throw new SchemaEngineError(
      `The Prisma schema is for ${provider} but the database is ${target.provider}: build it with the same DATABASE_URL`
    )
  }
}

/**
 * Makes the database match the datamodel without migrations (development).
 * Refuses steps that lose data unless acceptDataLoss; nothing is executed then.
 */
export async function push(
  target: DatabaseTarget,
  datamodel: string,
  { acceptDataLoss = false }: { acceptDataLoss?: boolean } = {}
): Promise<PushResult> {
  await createExtensions(target, datamodel) // before the engine creates indexes that need them
  const result = await withEngine(target, datamodel, engine =>
    engine.schemaPush({ force: acceptDataLoss, schema: schemas(datamodel), filters: NO_FILTER })
  )
  if (result.unexecutable.length > 0) {
    throw new SchemaEngineError(`Cannot push the schema: ${result.unexecutable.join('; ')}`)
  }
  if (result.warnings.length > 0 && !acceptDataLoss) {
    throw new SchemaEngineError(
      `Push refused, it would lose data (rerun with --accept-data-loss): ${result.warnings.join('; ')}`
    )
  }
  await applyStorageParameters(target, datamodel) // what Prisma's schema cannot say (a fillfactor)
  await applyMaintainedCounts(target, datamodel) // nor a count kept by trigger
  return { executedSteps: result.executedSteps, warnings: result.warnings }
}

/**
 * SQL that turns `from` (the schema the committed migrations produce, or an empty database) into the
 * datamodel; '' when there is nothing to do. The engine connects to `target` even for an empty `from`;
 * replaying migrations happens in a shadow it provides (a throwaway database on PostgreSQL, created
 * and dropped here, so the role needs CREATEDB; an in-memory database on SQLite).
 */
export async function diffSql(
  target: DatabaseTarget,
  from: { migrationsDir: string } | 'empty',
  toDatamodel: string
): Promise<string> {
  const migrations = from === 'empty' ? undefined : readMigrationsDir(from.migrationsDir)
  const result = await withEngine(target, toDatamodel, engine =>
    engine.diff({
      // no migrations yet is an empty database (the engine insists on a lockfile otherwise)
      from: migrations?.migrationDirectories.length ? { tag: 'migrations', ...migrations } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', ...schemas(toDatamodel) },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    })
  )
  const sql = withoutCreateSchema(result.stdout ?? '', target.schema ?? 'public')
  return isEmptyScript(sql) ? '' : sql.trim() + '\n'
}

/**
 * The engine opens scripts with CREATE SCHEMA IF NOT EXISTS for the connection's own schema. Migrations
 * stay schema-agnostic (search_path picks the schema) and need no CREATE privilege on the database.
 */
function withoutCreateSchema(sql: string, schema: string): string {
  const statement = `CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}";`
  return sql.replace(new RegExp(`(-- CreateSchema\\n)?${escapeRegExp(statement)}\\n*`), '')
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function isEmptyScript(sql: string | null): boolean {
  const statements = (sql ?? '')
    .split('\n')
    .filter(line => !line.trim().startsWith('--'))
    .join('\n')
  return statements.trim() === ''
}

/**
 * Writes migrations/<timestamp>_<name>/migration.sql with the difference between the committed
 * migrations and the datamodel. Returns null (and writes nothing) when there is no difference.
 * (The engine's own createMigration cannot use an external shadow database in its Wasm build, so this
 * is `diff` from the migrations plus the folder layout `prisma migrate dev` writes.)
 */
export async function createMigration(
  target: DatabaseTarget,
  migrationsDir: string,
  datamodel: string,
  name: string,
  now = new Date()
): Promise<CreatedMigration | null> {
  const locked = lockedProvider(readMigrationsDir(migrationsDir))
  if (locked && locked !== target.provider) {
    throw new SchemaEngineError(`${migrationsDir} holds ${locked} migrations; cannot add ${target.provider} ones`)
  }
  const sql = await diffSql(target, { migrationsDir }, datamodel)
  if (sql === '') return null
  const folderName = `${migrationTimestamp(now)}_${name}`
  const folder = writeMigration(migrationsDir, folderName, sql, target.provider)
  return { name: folderName, folder, sql }
}

/** 20260102030405: UTC, as Prisma names migration folders. */
function migrationTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14)
}

/** Applies the committed migrations not yet applied, recording them in `_prisma_migrations` (migrate deploy). */
export async function applyMigrations(target: DatabaseTarget, migrationsDir: string): Promise<AppliedMigrations> {
  const migrations = readMigrationsDir(migrationsDir)
  const locked = lockedProvider(migrations)
  if (locked && locked !== target.provider) {
    throw new SchemaEngineError(`${migrationsDir} holds ${locked} migrations; the database is ${target.provider}`)
  }
  const output = await withEngine(target, undefined, engine =>
    engine.applyMigrations({ migrationsList: migrations, filters: NO_FILTER })
  )
  return { applied: output.appliedMigrationNames }
}

/** Does the datamodel need a migration that is not committed yet? */
export async function checkDrift(target: DatabaseTarget, migrationsDir: string, datamodel: string): Promise<DriftReport> {
  const sql = await diffSql(target, { migrationsDir }, datamodel)
  return { drifted: sql !== '', sql }
}
