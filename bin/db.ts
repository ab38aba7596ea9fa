// The project's schema commands (Prisma's CLI needs a native engine that cannot be downloaded here):
//   npm run db:push [-- --accept-data-loss]  make the DATABASE_URL database (default SQLite) match the config; dev only
//   npm run db:migrate -- --name <name>      write migrations/<timestamp>_<name>/migration.sql (PostgreSQL)
//   npm run db:deploy                        apply committed migrations, recorded in _prisma_migrations
//                                            (on SQLite, which has no committed migrations: push)
//   npm run db:check                         exit 1 when the config needs a migration that is not committed
// migrate and check need a PostgreSQL server: DATABASE_URL when it is postgres://, else
// postgres://postgres@127.0.0.1:5432/test; committed migrations are replayed in a throwaway database
// created and dropped there. Errors print one line; DEBUG=1 adds the stack.
import path from 'node:path'
import { databaseTargetFromEnv, stripSchemaParam, type DatabaseTarget } from '../adapters/database'
import { describeLocation } from '../adapters/database/engine-errors'
import * as schemaEngine from '../adapters/database/schema-engine'
import type * as Artifacts from '@keystone-6/core/___internal-do-not-use-will-break-in-patch/artifacts'

const ROOT = path.resolve(__dirname, '..')
const MIGRATIONS_DIR = path.join(ROOT, 'migrations')
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test'

/** The Prisma schema Keystone derives from config.ts for this environment, as `npm run generate` writes it. */
export async function prismaSchemaFor(env: NodeJS.ProcessEnv): Promise<string> {
  // `prisma format` (run by Keystone) only needs the native engine to exist: point it at our stub
  process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(ROOT, 'bin/prisma-engine-stub.sh')
  process.env.PRISMA_HIDE_UPDATE_MESSAGE ??= '1'
  process.env.CHECKPOINT_DISABLE ??= '1'
  // required here, not imported at the top: deploy needs neither, and a config error becomes a one-line
  // message. require, not import(): config.ts is loaded through require too, and mixing the two
  // loads Keystone's ESM modules twice ("unexpected call to getAdminMetaInRelationshipField").
  const { buildArtifacts, createSystem } =
    require('@keystone-6/core/___internal-do-not-use-will-break-in-patch/artifacts') as typeof Artifacts
  const { buildConfig } = require('../config') as typeof import('../config')
  // the schema does not depend on the session secret; production env without one must still build it
  const system = createSystem(buildConfig({ SESSION_SECRET: 'x'.repeat(32), ...env }))
  try {
    return (await buildArtifacts(ROOT, system, system.getPaths(ROOT).prismaGeneratorOutput)).prisma
  } catch (error) {
    throw new Error(`Cannot build the Prisma schema from config.ts: ${(error as Error).message}`, { cause: error })
  }
}

/** Where migrations are written and checked: always PostgreSQL, always the default schema. */
export function postgresTargetFor(env: NodeJS.ProcessEnv): DatabaseTarget {
  const url = env.DATABASE_URL?.trim()
  return { provider: 'postgresql', url: stripSchemaParam(url && /^postgres(ql)?:/.test(url) ? url : DEFAULT_POSTGRES_URL) }
}

async function push(env: NodeJS.ProcessEnv, acceptDataLoss: boolean) {
  const target = databaseTargetFromEnv(env)
  const datamodel = await prismaSchemaFor(env)
  const started = Date.now()
  const result = await schemaEngine.push(target, datamodel, { acceptDataLoss })
  const where = describeLocation(target)
  if (result.executedSteps === 0) console.log(`The database at ${where} is already in sync with the schema`)
  else console.log(`Pushed the schema to ${where}: ${result.executedSteps} steps in ${Date.now() - started} ms`)
  for (const warning of result.warnings) console.log(`  data loss accepted: ${warning}`)
}

async function migrate(env: NodeJS.ProcessEnv, name: string | undefined) {
  if (!name || !/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new Error('Name the migration with letters, digits, - or _: npm run db:migrate -- --name add_phone')
  }
  const target = postgresTargetFor(env)
  const datamodel = await prismaSchemaFor({ ...env, DATABASE_URL: target.url })
  const created = await schemaEngine.createMigration(target, MIGRATIONS_DIR, datamodel, name)
  if (!created) return console.log('No schema changes')
  console.log(`Created ${path.relative(process.cwd(), path.join(created.folder, 'migration.sql'))}`)
}

async function deploy(env: NodeJS.ProcessEnv) {
  const target = databaseTargetFromEnv(env)
  if (target.provider === 'sqlite') {
    // committed migrations are PostgreSQL SQL; the embedded SQLite database follows the config directly
    console.log('SQLite has no committed migrations: pushing the schema instead (refuses data loss)')
    return push(env, false)
  }
  const { applied } = await schemaEngine.applyMigrations(target, MIGRATIONS_DIR)
  const where = describeLocation(target)
  if (applied.length === 0) console.log(`No pending migrations: ${where} is up to date`)
  else console.log(`Applied ${applied.length} migration(s) to ${where}: ${applied.join(', ')}`)
}

async function check(env: NodeJS.ProcessEnv): Promise<number> {
  const target = postgresTargetFor(env)
  const datamodel = await prismaSchemaFor({ ...env, DATABASE_URL: target.url })
  const drift = await schemaEngine.checkDrift(target, MIGRATIONS_DIR, datamodel)
  if (!drift.drifted) {
    console.log('No drift: the committed migrations produce the schema config.ts describes')
    return 0
  }
  console.error('Drift: config.ts describes a schema the committed migrations do not produce.')
  console.error('Run `npm run db:migrate -- --name <change>` and commit the result. Missing SQL:\n')
  console.error(drift.sql)
  return 1
}

const USAGE = 'usage: tsx bin/db.ts push [--accept-data-loss] | migrate --name <name> | deploy | check'

function option(args: string[], name: string): string | undefined {
  const index = args.findIndex(arg => arg === name || arg.startsWith(`${name}=`))
  if (index === -1) return undefined
  return args[index].includes('=') ? args[index].slice(name.length + 1) : args[index + 1]
}

export async function main(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = args
  switch (command) {
    case 'push':
      if (env.NODE_ENV === 'production') {
        throw new Error('db:push is for development (it skips migrations); deploy with npm run db:deploy')
      }
      return push(env, rest.includes('--accept-data-loss')).then(() => 0)
    case 'migrate':
      return migrate(env, option(rest, '--name')).then(() => 0)
    case 'deploy':
      return deploy(env).then(() => 0)
    case 'check':
      return check(env)
    default:
      console.error(USAGE)
      return 1
  }
}

function oneLine(text: string): string {
  return text.split('\n').map(line => line.trim()).filter(Boolean).join(' ')
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    code => {
      process.exitCode = code
    },
    error => {
      console.error(`db ${process.argv[2]}: ${oneLine(error instanceof Error ? error.message : String(error))}`)
      if (process.env.DEBUG) console.error(error)
      process.exitCode = 1
    }
  )
}
