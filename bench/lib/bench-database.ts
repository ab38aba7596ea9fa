// The setup the PostgreSQL benchmarks share: a throwaway database next to BENCH_DATABASE_URL's (default
// postgres://postgres@127.0.0.1:5432/test) with the schema pushed, the environment the server runs with,
// and Keystone started in this process for the seeds that need its hooks (password hashing, built-in
// roles, default topics). Each benchmark then bulk-inserts its own rows with SQL.
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'

const ROOT = path.resolve(__dirname, '../..')

/** Exits with the command to run when generated/ holds the SQLite client. */
export function assertPostgresClient() {
  const schema = fs.readFileSync(path.join(ROOT, 'generated/schema.prisma'), 'utf8')
  if (!/provider\s*=\s*"postgresql"/.test(schema)) {
    console.error('generated/ holds the SQLite client. Run first:\n  DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run generate')
    process.exit(1)
  }
}

export interface BenchDatabase {
  name: string
  url: string
  /** The server's environment on this database: production mode, secrets and the seeded admin; no Redis unless given. */
  env: NodeJS.ProcessEnv
  /** Drops the database (unless --keep was passed, then it says where it is). */
  drop(): Promise<void>
}

/** Creates bench_<label>_<pid>, pushes the schema and returns its environment (`overrides` win). */
export async function createBenchDatabase(label: string, overrides: NodeJS.ProcessEnv = {}): Promise<BenchDatabase> {
  assertPostgresClient()
  const base = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test')
  const name = `bench_${label}_${process.pid}`
  const adminUrl = new URL(base.toString())
  adminUrl.pathname = '/postgres'
  const url = new URL(base.toString())
  url.pathname = `/${name}`

  const server = new pg.Client({ connectionString: adminUrl.toString() })
  await server.connect()
  await server.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`)
  const drop = async () => {
    if (process.argv.includes('--keep')) console.log(`kept ${url} (drop it when done)`)
    else await server.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`)
    await server.end()
  }
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: url.toString(),
      REDIS_URL: '',
      SESSION_SECRET: 'bench-session-secret-0123456789abcdefghijklmnop',
      FILES_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'), // the files plugin requires one in production
      ADMIN_EMAIL: 'admin@bench.example',
      ADMIN_PASSWORD: 'bench-admin-password',
      NODE_ENV: 'production',
      ...overrides,
    }
    const { prismaSchemaFor } = require('../../bin/db') as typeof import('../../bin/db')
    const { push } = require('../../adapters/database/schema-engine') as typeof import('../../adapters/database/schema-engine')
    const started = performance.now()
    await push({ provider: 'postgresql', url: url.toString() }, await prismaSchemaFor(env))
    console.log(`schema pushed to ${name} in ${Math.round(performance.now() - started)} ms`)
    return { name, url: url.toString(), env, drop }
  } catch (error) {
    await drop().catch(() => {})
    throw error
  }
}

export interface BenchKeystone {
  /** Keystone's context with the plugin registry bound, as the server has it. */
  context: any
  sudo: any
  registry: ReturnType<typeof import('../../plugins/kernel').configRegistry>
  system: any
  stop(): Promise<void>
}

/** Keystone on `env` in this process (connect runs the seeds: built-in roles, the admin). */
export async function startBenchKeystone(env: NodeJS.ProcessEnv): Promise<BenchKeystone> {
  const { createSystem } = require('@keystone-6/core/___internal-do-not-use-will-break-in-patch/artifacts')
  const PrismaModule = require('../../generated/prisma/client')
  const { buildConfig } = require('../../config') as typeof import('../../config')
  const { bindRegistry, configRegistry } = require('../../plugins/kernel') as typeof import('../../plugins/kernel')
  const config = buildConfig(env)
  const system = createSystem(config)
  const keystone = system.getKeystone(PrismaModule)
  const registry = configRegistry(config)
  bindRegistry(keystone.context, registry)
  const log = console.log
  console.log = () => {} // the admin seed prints a line we do not need
  try {
    await keystone.connect()
  } finally {
    console.log = log
  }
  return {
    context: keystone.context,
    sudo: keystone.context.sudo(),
    registry,
    system,
    stop: async () => {
      await registry.one('queue').close()
      for (const close of registry.all('closers')) await close()
      await keystone.disconnect()
    },
  }
}

/** An organization (US) and a staff member of it with the given permissions; the password is `bench-password`. */
export async function createStaffOf(sudo: any, permissions: Record<string, boolean>, { organization = 'Bench Org', email = 'staff@bench.example' } = {}) {
  const org = await sudo.db.Organization.createOne({ data: { name: organization, country: 'US' } })
  const user = await sudo.db.User.createOne({ data: { name: `${organization} staff`, email, password: 'bench-password', type: 'staff' } })
  await sudo.db.OrganizationEmployee.createOne({
    data: { user: { connect: { id: user.id } }, organization: { connect: { id: org.id } }, ...permissions },
  })
  return { organizationId: String(org.id), userId: String(user.id) }
}
