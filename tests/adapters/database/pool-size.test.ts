// DATABASE_POOL_SIZE: the PostgreSQL connections of a process; a bad value stops start-up naming it.
import { databaseTargetFromEnv, DEFAULT_POOL_SIZE, poolSizeFromEnv } from '../../../adapters/database'

test('the pool size comes from DATABASE_POOL_SIZE, else the default', () => {
  expect(poolSizeFromEnv({})).toBe(DEFAULT_POOL_SIZE)
  expect(poolSizeFromEnv({ DATABASE_POOL_SIZE: ' 35 ' })).toBe(35)
  expect(databaseTargetFromEnv({ DATABASE_URL: 'postgres://u@h:5432/db', DATABASE_POOL_SIZE: '12' }).poolSize).toBe(12)
})

test.each(['0', '-3', '2.5', 'many', '100000'])('DATABASE_POOL_SIZE=%s is refused by name', value => {
  expect(() => poolSizeFromEnv({ DATABASE_POOL_SIZE: value })).toThrow(/DATABASE_POOL_SIZE must be a whole number from 1 to 1000/)
})
