// Counts kept by trigger (adapters/database/maintained-counts.ts): the datamodel line that declares one,
// and on PostgreSQL, that every way of writing the source keeps the count equal to a real count.
import crypto from 'node:crypto'
import pg from 'pg'
import { stripSchemaParam } from '../../../adapters/database'
import { maintainedCountsFor, maintainedCountSql } from '../../../adapters/database/maintained-counts'
import { isPostgresUrl } from '../../setup/database'

const DATABASE_URL = isPostgresUrl(process.env.DATABASE_URL) ? stripSchemaParam(process.env.DATABASE_URL) : ''
const describePostgres = DATABASE_URL ? describe : describe.skip

describe('maintainedCountsFor', () => {
  test('reads the counts line of a model, honouring @@map', () => {
    const datamodel = `model Conversation {\n  id String @id\n}\n\nmodel StatusCount {\n  organization String\n  count Int\n  // counts: Conversation by organization, status\n\n  @@id([organization, status])\n  @@map("status_count")\n}\n`
    expect(maintainedCountsFor(datamodel)).toEqual([{ table: 'status_count', source: 'Conversation', by: ['organization', 'status'] }])
  })

  test('a line it cannot read names the model instead of counting nothing', () => {
    expect(() => maintainedCountsFor(`model Bad {\n  // counts: Conversation per status\n}\n`)).toThrow('model Bad: a counts line reads')
  })
})

describePostgres('a count kept by trigger on PostgreSQL', () => {
  const schema = `counts_${process.pid}_${crypto.randomBytes(4).toString('hex')}`
  let client: pg.Client

  /** The count table's rows, and the same counted from the source: they must be equal after every write. */
  async function counts() {
    const kept = (await client.query(`SELECT org, state, count FROM "ItemCount" WHERE count <> 0 ORDER BY org, state`)).rows
    const real = (await client.query(`SELECT org, state, count(*)::int AS count FROM "Item" WHERE org IS NOT NULL GROUP BY org, state ORDER BY org, state`)).rows
    expect(kept).toEqual(real)
    return Object.fromEntries(kept.map(row => [`${row.org}/${row.state}`, row.count]))
  }

  beforeAll(async () => {
    client = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` })
    await client.connect()
    await client.query(`CREATE SCHEMA ${schema}`)
    await client.query(`CREATE TABLE "Item" (id text PRIMARY KEY, org text, state text NOT NULL, note text)`)
    await client.query(`CREATE TABLE "ItemCount" (org text, state text, count int NOT NULL DEFAULT 0, PRIMARY KEY (org, state))`)
    // rows from before the triggers: the recount takes them in
    await client.query(`INSERT INTO "Item" VALUES ('a', 'o1', 'unread'), ('b', 'o1', 'unread'), ('c', 'o2', 'open')`)
    await client.query(maintainedCountSql({ table: 'ItemCount', source: 'Item', by: ['org', 'state'] }))
  })

  afterAll(async () => {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await client.end()
  })

  test('rows already there are counted when the triggers are created', async () => {
    expect(await counts()).toEqual({ 'o1/unread': 2, 'o2/open': 1 })
  })

  test('inserts, moves between groups, other updates, deletes and a truncate keep the count', async () => {
    await client.query(`INSERT INTO "Item" VALUES ('d', 'o1', 'open'), ('e', 'o2', 'unread'), ('f', NULL, 'open')`)
    expect(await counts()).toEqual({ 'o1/unread': 2, 'o1/open': 1, 'o2/open': 1, 'o2/unread': 1 })

    await client.query(`UPDATE "Item" SET state = 'open' WHERE id = 'a'`) // a move down the key order
    await client.query(`UPDATE "Item" SET state = 'unread' WHERE id = 'd'`) // and up
    await client.query(`UPDATE "Item" SET note = 'seen', state = state`) // no move: nothing counted
    expect(await counts()).toEqual({ 'o1/unread': 2, 'o1/open': 1, 'o2/open': 1, 'o2/unread': 1 })

    await client.query(`UPDATE "Item" SET org = 'o2' WHERE id = 'b'`) // to another organization
    await client.query(`UPDATE "Item" SET org = NULL WHERE id = 'c'`) // out of every one (its organization deleted)
    await client.query(`UPDATE "Item" SET org = 'o1' WHERE id = 'f'`) // and into one
    expect(await counts()).toEqual({ 'o1/unread': 1, 'o1/open': 2, 'o2/unread': 2 })

    await client.query(`UPDATE "Item" SET state = 'resolved' WHERE org IS NOT NULL`) // many rows in one statement
    expect(await counts()).toEqual({ 'o1/resolved': 3, 'o2/resolved': 2 })

    await client.query(`DELETE FROM "Item" WHERE id IN ('a', 'e')`)
    expect(await counts()).toEqual({ 'o1/resolved': 2, 'o2/resolved': 1 })

    await client.query(`TRUNCATE "Item"`)
    expect(await counts()).toEqual({})
    expect((await client.query(`SELECT count(*)::int AS n FROM "ItemCount"`)).rows[0].n).toBe(0)
  })

  test('a write rolled back leaves the count as it was', async () => {
    await client.query(`INSERT INTO "Item" VALUES ('g', 'o1', 'unread')`)
    await client.query('BEGIN')
    await client.query(`UPDATE "Item" SET state = 'open' WHERE id = 'g'`)
    await client.query(`INSERT INTO "Item" VALUES ('h', 'o1', 'unread')`)
    await client.query('ROLLBACK')
    expect(await counts()).toEqual({ 'o1/unread': 1 })
  })

  test('applying the SQL again (a second push) recounts instead of counting twice', async () => {
    await client.query(`UPDATE "ItemCount" SET count = 99`) // drifted, however it happened
    await client.query(maintainedCountSql({ table: 'ItemCount', source: 'Item', by: ['org', 'state'] }))
    expect(await counts()).toEqual({ 'o1/unread': 1 })
    await client.query(`INSERT INTO "Item" VALUES ('i', 'o1', 'unread')`)
    expect(await counts()).toEqual({ 'o1/unread': 2 })
  })
})
