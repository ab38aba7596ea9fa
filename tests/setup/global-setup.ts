// Runs once per jest run, before the workers start: on SQLite it builds the template database that
// every test file copies (pushing per file would cost a schema push each time); on PostgreSQL, where
// each file applies the committed migrations, it checks once that they match the generated schema.
import fs from 'node:fs'
import path from 'node:path'
import { createExtensions } from '../../adapters/database/extensions'
import { ensureSqliteTemplate, isPostgresUrl, removeStaleSqliteTemplates } from './database'
import { MIGRATIONS_PROBLEM_ENV, migrationsProblem } from './migrations-match'

export default async function globalSetup() {
  const url = process.env.DATABASE_URL
  if (isPostgresUrl(url)) {
    // the extensions the migrations create (pg_trgm), once before the workers start: two test files
    // applying the migrations at the same moment would race on the first CREATE EXTENSION
    await createExtensions({ provider: 'postgresql', url: url.trim() }, fs.readFileSync(path.resolve(__dirname, '../../generated/schema.prisma'), 'utf8')).catch(error => {
      console.warn(`\nCould not create the PostgreSQL extensions: ${(error as Error).message}`)
    })
    // tests that need no database still run; createTestDatabase repeats this where it matters
    const problem = await migrationsProblem(url.trim()).catch(error => {
      console.warn(`\nCould not check the migrations against the generated schema: ${(error as Error).message}`)
      return undefined
    })
    if (problem) {
      process.env[MIGRATIONS_PROBLEM_ENV] = problem
      console.warn(`\n${problem}`)
    }
    return
  }
  const started = Date.now()
  try {
    const template = await ensureSqliteTemplate()
    removeStaleSqliteTemplates(template)
    if (process.env.DEBUG) console.log(`\nSQLite test template ${template} ready in ${Date.now() - started} ms`)
  } catch (error) {
    // tests that need no database still run; createTestDatabase repeats this error where it matters
    console.warn(`\nNo SQLite test template: ${(error as Error).message}`)
  }
}
