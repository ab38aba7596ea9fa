// The PostgreSQL connection settings a process takes from its environment: DATABASE_POOL_SIZE (a bad value
// stops start-up naming it) and DATABASE_JIT (off unless `on`: the app's connections, Prisma's and the raw
// pool's, run with JIT compilation off).
import { createPool, databaseTargetFromEnv, DEFAULT_POOL_SIZE, jitFromEnv, poolSizeFromEnv, stripSchemaParam } from '../../../adapters/database'
import { isPostgresUrl } from '../../setup/database'

test('the pool size comes from DATABASE_POOL_SIZE, else the default', () => {
  expect(poolSizeFromEnv({})).toBe(DEFAULT_POOL_SIZE)
  expect(poolSizeFromEnv({ DATABASE_POOL_SIZE: ' 35 ' })).toBe(35)
  expect(databaseTargetFromEnv({ DATABASE_URL: 'postgres://u@h:5432/db', DATABASE_POOL_SIZE: '12' }).poolSize).toBe(12)
})

test.each(['0', '-3', '2.5', 'many', '100000'])('DATABASE_POOL_SIZE=%s is refused by name', value => {
  expect(() => poolSizeFromEnv({ DATABASE_POOL_SIZE: value })).toThrow(/DATABASE_POOL_SIZE must be a whole number from 1 to 1000/)
})

test('JIT is off unless DATABASE_JIT=on; another value is refused by name', () => {
  expect(jitFromEnv({})).toBe(false)
  expect(jitFromEnv({ DATABASE_JIT: 'off' })).toBe(false)
  expect(jitFromEnv({ DATABASE_JIT: ' ON ' })).toBe(true)
  expect(databaseTargetFromEnv({ DATABASE_URL: 'postgres://u@h:5432/db', DATABASE_JIT: 'on' }).jit).toBe(true)
  expect(() => jitFromEnv({ DATABASE_JIT: 'yes' })).toThrow(/DATABASE_JIT must be on or off/)
})

const DATABASE_URL = isPostgresUrl(process.env.DATABASE_URL) ? stripSchemaParam(process.env.DATABASE_URL) : ''
const postgresOnly = DATABASE_URL ? test : test.skip

postgresOnly("the pool's connections: JIT off by default, the server's setting with DATABASE_JIT=on; the schema still set", async () => {
  const settingsOf = async (env: NodeJS.ProcessEnv) => {
    const pool = createPool(databaseTargetFromEnv({ DATABASE_URL: `${DATABASE_URL}?schema=settings_probe`, ...env }))
    try {
      return (await pool.query(`SELECT current_setting('jit') AS jit, current_setting('search_path') AS path`)).rows[0]
    } finally {
      await pool.end()
    }
  }
  const server = (await settingsOf({ DATABASE_JIT: 'on' })).jit
  expect(await settingsOf({})).toEqual({ jit: 'off', path: 'settings_probe' })
  // the server's own value (PostgreSQL's default is on; whatever this server says, it is not overridden)
  expect(server).toBe(await serverJit())
})

async function serverJit() {
  const pg = await import('pg')
  const client = new pg.default.Client({ connectionString: DATABASE_URL })
  await client.connect()
  try {
    return (await client.query(`SELECT current_setting('jit') AS jit`)).rows[0].jit
  } finally {
    await client.end()
  }
}
