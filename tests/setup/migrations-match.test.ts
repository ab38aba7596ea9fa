// On PostgreSQL, a schema change without its migration is reported once, before the test files run, as
// the tables and columns the migrations lack and the command that writes them.
import fs from 'node:fs'
import { stripSchemaParam } from '../../adapters/database'
import { isPostgresUrl } from './database'
import { describeMigrationSql, migrationsProblem } from './migrations-match'
import { GENERATED_SCHEMA } from '../harness/schema-match'

test('a migration script in words: tables, columns, indexes', () => {
  const sql = [
    '-- CreateTable',
    'CREATE TABLE "ParkingSpot" (\n    "id" TEXT NOT NULL,\n    CONSTRAINT "ParkingSpot_pkey" PRIMARY KEY ("id")\n);',
    '',
    '-- AlterTable',
    'ALTER TABLE "Organization" ADD COLUMN     "opsWebhookUrl" TEXT NOT NULL DEFAULT \'\',\nADD COLUMN     "opsChannel" BOOLEAN;',
    '',
    '-- CreateIndex',
    'CREATE UNIQUE INDEX "ParkingSpot_label_key" ON "ParkingSpot"("label");',
    'ALTER TABLE "ParkingSpot" ADD CONSTRAINT "ParkingSpot_property_fkey" FOREIGN KEY ("property") REFERENCES "Property"("id");',
  ].join('\n')
  expect(describeMigrationSql(sql)).toEqual([
    'table ParkingSpot',
    'column Organization.opsWebhookUrl',
    'column Organization.opsChannel',
    'unique index ParkingSpot_label_key on ParkingSpot',
    'a constraint on table ParkingSpot',
  ])
})

const url = process.env.DATABASE_URL
const describePostgres = isPostgresUrl(url) && /provider\s*=\s*"postgresql"/.test(fs.readFileSync(GENERATED_SCHEMA, 'utf8')) ? describe : describe.skip

describePostgres('against the committed migrations (PostgreSQL)', () => {
  const generated = () => fs.readFileSync(GENERATED_SCHEMA, 'utf8')

  test('they match the generated schema', async () => {
    expect(await migrationsProblem(url!)).toBeUndefined()
  })

  test('a field without its migration is named, with the command', async () => {
    const datamodel = generated().replace('model Organization {', 'model Organization {\n  opsWebhookUrl String?')
    const problem = await migrationsProblem(url!, datamodel)
    expect(problem).toContain('  - column Organization.opsWebhookUrl\n')
    expect(problem).toContain(`DATABASE_URL=${stripSchemaParam(url!)} npm run db:migrate -- --name <change>`)
  })
})
