// Chooses the database from the environment: SQLite under data/ by default,
// PostgreSQL when DATABASE_URL is a postgres:// URL. config.ts only asks for the result.
import fs from 'node:fs'
import path from 'node:path'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { carryPool } from './raw-pool'

export type DatabaseProvider = 'sqlite' | 'postgresql'

export type DatabaseTarget = {
  provider: DatabaseProvider
  url: string
  /** PostgreSQL schema (namespace); tests give each file its own. */
  schema?: string
  /** PostgreSQL: connections this process may open (DATABASE_POOL_SIZE). */
  poolSize?: number
  /** PostgreSQL: leave the server's JIT setting on this process's connections (DATABASE_JIT=on); off by default. */
  jit?: boolean
}

export const DEFAULT_SQLITE_URL = 'file:./data/cms.db'

export function databaseTargetFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim()
  if (!url) return { provider: 'sqlite', url: DEFAULT_SQLITE_URL }
  if (url.startsWith('file:')) return { provider: 'sqlite', url }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const schema = new URL(url).searchParams.get('schema') ?? undefined
    return { provider: 'postgresql', url, schema, poolSize: poolSizeFromEnv(env), jit: jitFromEnv(env) }
  }
  throw new Error(
    `DATABASE_URL must start with postgres://, postgresql:// or file: (got "${url.split(':')[0]}:...")`
  )
}

/** Absolute path of a file: URL, relative paths resolved from the working directory. */
export function sqliteFilename(url: string): string {
  return path.resolve(url.replace(/^file:/, ''))
}

/** PostgreSQL: the pool the Prisma adapter runs on, also used for our hottest raw reads (raw-pool.ts). */
export function createPool(target: DatabaseTarget) {
  const connectionString = stripSchemaParam(target.url)
  const max = target.poolSize ?? DEFAULT_POOL_SIZE
  if (target.schema && !/^\w+$/.test(target.schema)) throw new Error(`DATABASE_URL: schema "${target.schema}" may hold letters, digits and _ only`)
  // the adapter qualifies Prisma's own queries; search_path makes raw SQL (bulk updates) land there too
  const settings = [...(target.schema ? [`-c search_path=${target.schema}`] : []), ...(target.jit ? [] : ['-c jit=off'])]
  return new pg.Pool({ connectionString, max, ...(settings.length ? { options: settings.join(' ') } : {}) })
}

/**
 * DATABASE_JIT: `on` leaves PostgreSQL's JIT compilation as the server has it; by default this process's
 * connections turn it off. Our statements are short, and the few whose estimated cost crosses
 * jit_above_cost (a count over an organization's 100,000 residents: the broadcast composer's preview)
 * spent most of their time compiling (measured: 980 of 1,150 ms), not running.
 */
export function jitFromEnv(env: NodeJS.ProcessEnv): boolean {
  const raw = env.DATABASE_JIT?.trim().toLowerCase()
  if (!raw || raw === 'off') return false
  if (raw === 'on') return true
  throw new Error(`DATABASE_JIT must be on or off (got "${env.DATABASE_JIT}")`)
}

export function createDriverAdapter(target: DatabaseTarget, pool?: pg.Pool) {
  if (target.provider === 'sqlite') {
    const filename = sqliteFilename(target.url)
    // best effort: when the folder cannot exist, the driver's own error on first query is clearer
    try {
      fs.mkdirSync(path.dirname(filename), { recursive: true })
    } catch {}
    return new PrismaBetterSqlite3({ url: `file:${filename}` })
  }
  // the client's $disconnect ends the pool
  return new PrismaPg(pool ?? createPool(target), { ...(target.schema ? { schema: target.schema } : {}), disposeExternalPool: true })
}

/** DATABASE_POOL_SIZE: connections per process (pg's default is 10; a worker running many delivery runs
 *  at once, each reading its rules in parallel, waits for connections below about 20). */
export function poolSizeFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.DATABASE_POOL_SIZE?.trim()
  if (!raw) return DEFAULT_POOL_SIZE
  const size = Number(raw)
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw new Error(`DATABASE_POOL_SIZE must be a whole number from 1 to 1000 (got "${raw}")`)
  return size
}

export const DEFAULT_POOL_SIZE = 20

/** 'postgresql' or 'sqlite': which SQL dialect a client speaks (for the few raw statements we write). */
export function providerOf(prisma: unknown): DatabaseProvider {
  const provider = (prisma as { _activeProvider?: string })._activeProvider
  if (provider === 'postgresql' || provider === 'sqlite') return provider
  throw new Error(`Unsupported database provider "${provider}"`)
}

/** pg does not understand Prisma's ?schema= parameter; the adapter takes it as an option. */
export function stripSchemaParam(url: string): string {
  const parsed = new URL(url)
  parsed.searchParams.delete('schema')
  return parsed.toString()
}

/** The `db` block of a Keystone config for this target. */
export function keystoneDbConfig(target: DatabaseTarget) {
  // Keystone builds the client from prismaClientOptions() and extends it at once: the pool made for the
  // one is the pool carried by the other
  let pool: pg.Pool | undefined
  return {
    provider: target.provider,
    prismaClientOptions: () => {
      pool = target.provider === 'postgresql' ? createPool(target) : undefined
      return { adapter: createDriverAdapter(target, pool) }
    },
    extendPrismaClient: (client: any) => (pool ? carryPool(pool)(client) : client),
    prismaClientPath: 'generated/prisma',
    prismaSchemaPath: 'generated/schema.prisma',
  } as const
}
