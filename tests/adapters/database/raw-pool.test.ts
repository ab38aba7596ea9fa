// rawRows: the hottest hand-written reads go through the pool Prisma's adapter runs on (PostgreSQL), and
// read the same values Prisma's $queryRawUnsafe would; SQLite keeps Prisma.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { providerOf } from '../../../adapters/database'
import { rawExecute, rawRows } from '../../../adapters/database/raw-pool'
import { startTestApp, type TestApp } from '../../harness/app'
import { createUser } from '../../harness/factories'

const ROOT = path.resolve(__dirname, '../../..')
let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

const postgres = () => providerOf(app.context.prisma) === 'postgresql'

test("on PostgreSQL the app's client carries the adapter's pool, in the test's own schema", async () => {
  const pool = (app.context.prisma as any).$pgPool
  if (!postgres()) return expect(pool).toBeUndefined()
  expect(typeof pool.query).toBe('function')
  const user = await createUser(app.context, { name: 'Pooled' })
  // the row the app wrote is visible through the pool: same database, same search_path
  expect(await rawRows(app.context.prisma, `SELECT name FROM "User" WHERE id = $1`, [user.id])).toEqual([{ name: 'Pooled' }])
})

test("Prisma's queries and the raw pool's run on connections with JIT off (DATABASE_JIT unset)", async () => {
  if (!postgres()) return
  const prisma = app.context.prisma as any
  expect(await prisma.$queryRawUnsafe(`SELECT current_setting('jit') AS jit`)).toEqual([{ jit: 'off' }])
  expect(await rawRows(prisma, `SELECT current_setting('jit') AS jit`, [])).toEqual([{ jit: 'off' }])
})

test("with a transaction's client, statements go through the transaction, not the pool: they see its uncommitted writes", async () => {
  const prisma = app.context.prisma as any
  const seen = await prisma.$transaction(async (tx: any) => {
    const user = await tx.user.create({ data: { name: 'Uncommitted' } })
    const changed = await rawExecute(tx, postgres() ? `UPDATE "User" SET name = $2 WHERE id = $1` : `UPDATE User SET name = ? WHERE id = ?`, postgres() ? [user.id, 'Renamed'] : ['Renamed', user.id])
    const rows = await rawRows(tx, postgres() ? `SELECT name FROM "User" WHERE id = $1` : `SELECT name FROM User WHERE id = ?`, [user.id])
    return { changed, rows }
  })
  expect(seen).toEqual({ changed: 1, rows: [{ name: 'Renamed' }] })
})

test('a bulk write through the pool lands in the app’s schema and says how many rows it changed', async () => {
  const [a, b] = [await createUser(app.context, { name: 'A' }), await createUser(app.context, { name: 'B' })]
  const sql = postgres()
    ? `UPDATE "User" AS t SET name = v.name FROM json_to_recordset($1::json) AS v(id text, name text) WHERE t.id = v.id`
    : `UPDATE "User" SET name = 'renamed' WHERE id IN (?, ?)`
  const values = postgres() ? [JSON.stringify([{ id: a.id, name: 'renamed' }, { id: b.id, name: 'renamed' }])] : [a.id, b.id]
  expect(await rawExecute(app.context.prisma, sql, values)).toBe(2)
  const names = await (app.context.prisma as any).user.findMany({ where: { id: { in: [a.id, b.id] } }, select: { name: true } })
  expect(names).toEqual([{ name: 'renamed' }, { name: 'renamed' }])
  // pg would write a Date in the process's time zone, not the UTC Prisma's columns hold
  if (postgres()) await expect(rawExecute(app.context.prisma, 'SELECT $1::timestamp(3)', [new Date()])).rejects.toThrow('pass dates as ISO strings')
})

test('values read through the pool equal those Prisma reads', async () => {
  if (!postgres()) return
  const sql = `SELECT 'text'::text AS t, 7::int AS i, true AS b, json_build_object('a', 1, 'b', json_build_array('x')) AS j,
    '2026-03-08 01:59:59.123'::timestamp(3) AS at, NULL::text AS n`
  const [pooled] = await rawRows<any>(app.context.prisma, sql, [])
  const [prisma] = await (app.context.prisma as any).$queryRawUnsafe(sql)
  expect(pooled).toEqual(prisma)
})

test("Prisma's timestamps (UTC, without a time zone) read as UTC in a process whose time zone is not", () => {
  if (!postgres()) return
  // a process of its own: Jest's process.env is a copy, setting TZ here would not reach the clock
  const script = `
    const pg = require('pg')
    const { rawRows } = require('./adapters/database/raw-pool')
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL.replace(/[?&]schema=[^&]*/, '') })
    rawRows({ $pgPool: pool }, "SELECT '2026-03-08 01:59:59.123'::timestamp(3) AS at", [])
      .then(rows => console.log(rows[0].at.toISOString()))
      .finally(() => pool.end())`
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, env: { ...process.env, TZ: 'America/New_York' }, encoding: 'utf8' })
  expect(out.trim()).toBe('2026-03-08T01:59:59.123Z')
})
