// Runs once per jest run, before the workers start: on SQLite it builds the template database that
// every test file copies (pushing per file would cost a schema push each time).
import { ensureSqliteTemplate, isPostgresUrl, removeStaleSqliteTemplates } from './database'

export default async function globalSetup() {
  if (isPostgresUrl(process.env.DATABASE_URL)) return // each file applies migrations into its own schema
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
