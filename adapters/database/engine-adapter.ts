// The driver adapter the WebAssembly schema engine talks through, for one DatabaseTarget.
// PostgreSQL: pools whose search_path is pinned to the target schema (migration SQL is unqualified,
// as with Prisma's ?schema=), whole scripts sent as one batch, and throwaway shadow databases.
import crypto from 'node:crypto'
import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils'
import { createDriverAdapter, stripSchemaParam, type DatabaseTarget } from './index'
import { EXTENSIONS_SCHEMA } from './extensions'
import { CharAsTextPool } from './pg-char-as-text'

export type EngineConnection = {
  /** Bound with bindMigrationAwareSqlAdapterFactory, ready for SchemaEngine.new. */
  factory: ReturnType<typeof bindMigrationAwareSqlAdapterFactory>
  /** The driver's own error behind the engine's last failure (the engine keeps only a summary). */
  lastDriverError(): unknown
  /** Disposes every connection the engine opened (it does not always do so itself). */
  close(): Promise<void>
}

export function createEngineConnection(target: DatabaseTarget): EngineConnection {
  const inner = target.provider === 'sqlite' ? new SqliteFactory(target) : new PostgresFactory(target)
  return {
    factory: bindMigrationAwareSqlAdapterFactory(inner),
    lastDriverError: () => inner.lastError,
    close: () => inner.close(),
  }
}

/** Runs each adapter's dispose once, however many times it is asked. */
class Disposables {
  #pending: Array<() => Promise<void>> = []
  track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    let done: Promise<void> | undefined
    const dispose = adapter.dispose.bind(adapter)
    adapter.dispose = () => (done ??= dispose())
    this.#pending.push(() => adapter.dispose())
    return adapter
  }
  async close() {
    const all = this.#pending.splice(0)
    await Promise.allSettled(all.map(dispose => dispose()))
  }
}

class SqliteFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'sqlite' as const
  readonly adapterName: string
  lastError: unknown
  #inner: SqlMigrationAwareDriverAdapterFactory
  #open = new Disposables()
  constructor(target: DatabaseTarget) {
    this.#inner = createDriverAdapter(target) as SqlMigrationAwareDriverAdapterFactory
    this.adapterName = this.#inner.adapterName
  }
  async connect() {
    return this.#open.track(await this.#remember(() => this.#inner.connect()))
  }
  async connectToShadowDb() {
    return this.#open.track(await this.#remember(() => this.#inner.connectToShadowDb())) // in memory
  }
  async #remember<T>(open: () => Promise<T>): Promise<T> {
    try {
      return await open()
    } catch (error) {
      throw (this.lastError = error)
    }
  }
  close() {
    return this.#open.close()
  }
}

class PostgresFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const
  readonly adapterName = '@prisma/adapter-pg'
  lastError: unknown
  #url: string
  #schema: string | undefined
  #open = new Disposables()
  constructor(target: DatabaseTarget) {
    this.#url = stripSchemaParam(target.url)
    this.#schema = target.schema
  }

  connect() {
    return this.#adapter(this.#url, this.#schema)
  }

  /**
   * A throwaway database, as Prisma's own adapter does (needs CREATEDB). Not a schema in the same
   * database: the engine compares the shadow's tables with the datamodel by schema name too.
   */
  async connectToShadowDb() {
    const name = `prisma_shadow_${crypto.randomBytes(6).toString('hex')}`
    await this.#run(`CREATE DATABASE ${pg.escapeIdentifier(name)}`)
    const url = new URL(this.#url)
    url.pathname = `/${name}`
    const drop = () => this.#run(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)}`)
    if (this.#schema) {
      // same namespace as the main connection, or every table would differ by schema name
      await this.#run(`CREATE SCHEMA ${pg.escapeIdentifier(this.#schema)}`, url.toString()).catch(async error => {
        await drop()
        throw error
      })
    }
    return this.#adapter(url.toString(), this.#schema, drop)
  }

  async #run(sql: string, url = this.#url) {
    const client = new pg.Client({ connectionString: url })
    try {
      await client.connect()
      await client.query(sql)
    } catch (error) {
      throw (this.lastError = error)
    } finally {
      await client.end().catch(() => {})
    }
  }

  close() {
    return this.#open.close()
  }

  async #adapter(url: string, schema: string | undefined, afterEnd?: () => Promise<void>) {
    const pool = new CharAsTextPool({
      connectionString: url,
      // unqualified migration SQL lands in the target schema, as with Prisma's ?schema=; extensions'
      // operator classes (gin_trgm_ops) resolve from public, where extensions live (extensions.ts)
      ...(schema ? { options: `-c search_path=${pg.escapeIdentifier(schema)},${EXTENSIONS_SCHEMA}` } : {}),
    })
    pool.on('error', () => {}) // an idle client dropped by the server must not crash the CLI
    const adapter = await new PrismaPg(pool, schema ? { schema } : undefined).connect()
    // every driver failure passes through onError on its way to the engine: keep the original
    const onError = (adapter as any).onError.bind(adapter)
    ;(adapter as any).onError = (error: unknown) => {
      this.lastError = error
      return onError(error)
    }
    adapter.executeScript = script => runScript(pool, adapter, script)
    const dispose = adapter.dispose.bind(adapter)
    adapter.dispose = async () => {
      await dispose()
      await pool.end()
      await afterEnd?.()
    }
    return this.#open.track(adapter) as typeof adapter
  }
}

/**
 * adapter-pg splits scripts on ";" and sends the pieces to whichever pooled connection is free,
 * which breaks string literals containing ";" and makes a migration non-atomic. PostgreSQL runs a
 * multi-statement simple query as one implicit transaction, which is what the native engine relies on.
 */
async function runScript(pool: pg.Pool, adapter: object, script: string) {
  try {
    await pool.query(script)
  } catch (error) {
    ;(adapter as any).onError(error) // rethrows as a DriverAdapterError the engine understands
  }
}
