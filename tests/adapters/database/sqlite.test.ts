// The WebAssembly schema engine on SQLite (the embedded default): push, re-push, data-loss guard.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
// better-sqlite3 ships no types (and @types/better-sqlite3 is not installed): the little used here
type SqliteDb = { prepare(sql: string): { all(): any[]; get(): any; run(): unknown }; close(): void }
const Database = require('better-sqlite3') as new (file: string, options?: { readonly?: boolean }) => SqliteDb
import type { DatabaseTarget } from '../../../adapters/database'
import { push } from '../../../adapters/database/schema-engine'
import { prismaSchemaFor } from '../../../bin/db'
import { createTestDatabase, isPostgresUrl } from '../../setup/database'

function tempSqliteTarget(): DatabaseTarget {
  const file = path.join(os.tmpdir(), `cms-engine-${process.pid}-${crypto.randomBytes(4).toString('hex')}.db`)
  return { provider: 'sqlite', url: `file:${file}` }
}

function removeSqlite(target: DatabaseTarget) {
  fs.rmSync(target.url.replace(/^file:/, ''), { force: true })
}

function smallDatamodel(provider: string, fields: string): string {
  return `datasource db {\n  provider = "${provider}"\n}\n\nmodel Note {\n  id String @id\n${fields}\n}\n`
}

function tables(url: string): string[] {
  const db = new Database(url.replace(/^file:/, ''), { readonly: true })
  try {
    return db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row: any) => row.name)
  } finally {
    db.close()
  }
}

test('push creates the tables of the Keystone schema, and a second push has nothing to do', async () => {
  const target = tempSqliteTarget()
  try {
    // the schema keystone.ts yields for SQLite, built as `npm run db:push` builds it
    const datamodel = await prismaSchemaFor({ ...process.env, DATABASE_URL: 'file:./data/unused.db' })
    const first = await push(target, datamodel)
    expect(first.executedSteps).toBeGreaterThan(0)
    expect(tables(target.url)).toEqual(expect.arrayContaining(['User', 'Organization', 'OrganizationEmployee', 'Property']))

    const second = await push(target, datamodel)
    expect(second).toEqual({ executedSteps: 0, warnings: [] })
  } finally {
    removeSqlite(target)
  }
})

test('push refuses a step that loses data unless acceptDataLoss, and executes nothing then', async () => {
  const target = tempSqliteTarget()
  try {
    await push(target, smallDatamodel('sqlite', '  title String\n  body String?'))
    const db = new Database(target.url.replace(/^file:/, ''))
    db.prepare(`INSERT INTO "Note" (id, title, body) VALUES ('1', 't', 'kept')`).run()
    db.close()

    const narrower = smallDatamodel('sqlite', '  title String')
    await expect(push(target, narrower)).rejects.toThrow(/^Push refused, it would lose data \(rerun with --accept-data-loss\): .*body/)
    const still = new Database(target.url.replace(/^file:/, ''), { readonly: true })
    expect(still.prepare('SELECT body FROM "Note"').get()).toEqual({ body: 'kept' })
    still.close()

    const accepted = await push(target, narrower, { acceptDataLoss: true })
    expect(accepted.executedSteps).toBeGreaterThan(0)
    expect(accepted.warnings.join()).toMatch(/body/)
  } finally {
    removeSqlite(target)
  }
})

test('a datamodel for the other provider is refused with one clear line', async () => {
  const target = tempSqliteTarget()
  await expect(push(target, smallDatamodel('postgresql', '  title String'))).rejects.toThrow(
    'The Prisma schema is for postgresql but the database is sqlite: build it with the same DATABASE_URL'
  )
})

const onSqlite = isPostgresUrl(process.env.DATABASE_URL) ? test.skip : test

onSqlite('createTestDatabase copies the pushed template into a file of its own, and drop removes it', async () => {
  const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()])
  try {
    expect(a.env.DATABASE_URL).not.toBe(b.env.DATABASE_URL)
    expect(tables(a.env.DATABASE_URL)).toEqual(expect.arrayContaining(['User', 'Organization']))
  } finally {
    await Promise.all([a.drop(), b.drop()])
  }
  expect(fs.existsSync(a.env.DATABASE_URL.replace(/^file:/, ''))).toBe(false)
})
