// Failures read as one line with the cause, from the API and from the CLI (no stack unless DEBUG=1).
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { applyMigrations, push, SchemaEngineError } from '../../../adapters/database/schema-engine'

const ROOT = path.resolve(__dirname, '../../..')
const CLOSED_PORT = 'postgres://postgres@127.0.0.1:1/test'
const DATAMODEL = 'datasource db {\n  provider = "postgresql"\n}\n\nmodel Note {\n  id String @id\n}\n'

test('an unreachable PostgreSQL server is named with host, port and reason', async () => {
  const error = await push({ provider: 'postgresql', url: CLOSED_PORT }, DATAMODEL).catch(e => e)
  expect(error).toBeInstanceOf(SchemaEngineError)
  expect(error.message).toBe('Cannot reach the database at 127.0.0.1:1: connection refused')
})

test('the same for applying migrations', async () => {
  await expect(
    applyMigrations({ provider: 'postgresql', url: CLOSED_PORT, schema: 'x' }, path.join(ROOT, 'migrations'))
  ).rejects.toThrow(/^Cannot reach the database at 127\.0\.0\.1:1: connection refused$/)
})

test('the CLI prints one line and exits 1', () => {
  const result = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['bin/db.ts', 'deploy'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: CLOSED_PORT, DEBUG: '' },
    encoding: 'utf8',
  })
  expect(result.status).toBe(1)
  expect(result.stdout).toBe('')
  expect(result.stderr.trim().split('\n')).toEqual(['db deploy: Cannot reach the database at 127.0.0.1:1: connection refused'])
})
