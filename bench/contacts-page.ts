// Benchmark: the staff page of contacts (50, with role and property) over HTTP GraphQL, next to the
// same page read directly with the Prisma client, on PostgreSQL with 100,000 contacts; and the same page
// with the portal invitation status column the Admin UI shows (every third contact was invited).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run generate   # the PostgreSQL client
//   npx tsx bench/contacts-page.ts [--contacts 100000] [--seconds 20] [--clients 16]
//   npm run generate                                                         # back to SQLite
//
// It creates a throwaway database (bench_contacts_<pid>) next to BENCH_DATABASE_URL's (default
// postgres://postgres@127.0.0.1:5432/test), pushes the schema, bulk-inserts with SQL, starts the real
// server on a loopback port in this process, measures, and drops the database at the end.
import fs from 'node:fs'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import pg from 'pg'

const ROOT = path.resolve(__dirname, '..')

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`)
  const value = index === -1 ? undefined : Number(process.argv[index + 1])
  return value && Number.isFinite(value) && value > 0 ? value : fallback
}

const CONTACTS = flag('contacts', 100_000)
const SECONDS = flag('seconds', 20)
const CLIENTS = flag('clients', 16)
const PAGE = 50
const PAGES = 10 // the clients cycle through the first ten pages
const PROPERTIES = 200

const PAGE_QUERY = `query Page($org: ID!, $skip: Int!) {
  contacts(where: { organization: { id: { equals: $org } } }, orderBy: { name: asc }, take: ${PAGE}, skip: $skip) {
    id name phone email unitName unitType type
    role { id label }
    property { id name }
  }
}`

// the contacts list as the Admin UI shows it with the portal plugin: one more virtual column
const PAGE_QUERY_WITH_STATUS = PAGE_QUERY.replace('type\n', 'type portalInvitationStatus\n')

type Stats = { requests: number; rps: number; p50: number; p99: number }

function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN
}

/** `clients` loops calling `once(i)` until `seconds` pass; latency of every call in ms. */
async function load(seconds: number, clients: number, once: (i: number) => Promise<void>): Promise<Stats> {
  const latencies: number[] = []
  const until = performance.now() + seconds * 1000
  let counter = 0
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const started = performance.now()
        await once(counter++)
        latencies.push(performance.now() - started)
      }
    })
  )
  latencies.sort((a, b) => a - b)
  return { requests: latencies.length, rps: latencies.length / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) }
}

function assertPostgresClient() {
  const schema = fs.readFileSync(path.join(ROOT, 'generated/schema.prisma'), 'utf8')
  if (!/provider\s*=\s*"postgresql"/.test(schema)) {
    console.error('generated/ holds the SQLite client. Run first:\n  DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run generate')
    process.exit(1)
  }
}

async function seed(url: string, organizationId: string, roleIds: string[]) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(
      `INSERT INTO "Property" (id, organization, name, address)
       SELECT 'bp' || i, $1, 'Property ' || i, i || ' Main St' FROM generate_series(1, ${PROPERTIES}) AS i`,
      [organizationId]
    )
    // one statement per 20,000 rows: names repeat across units, phones are unique, every 10th has no email
    for (let from = 1; from <= CONTACTS; from += 20_000) {
      const to = Math.min(CONTACTS, from + 19_999)
      await client.query(
        `INSERT INTO "Contact" (id, organization, type, name, phone, email, role, property, "unitName", "unitType", notes, "liveUniqueKey")
         SELECT 'bc' || i, $1, 'resident', 'Person ' || lpad((i % 5000)::text, 4, '0') || ' ' || md5(i::text),
                '+1415' || lpad((2000000 + i)::text, 7, '0'),
                CASE WHEN i % 10 = 0 THEN NULL ELSE 'person' || i || '@example.com' END,
                ($2::text[])[1 + i % array_length($2::text[], 1)],
                'bp' || (1 + i % ${PROPERTIES}), (i % 400)::text, 'flat', '', md5('bench' || i)
         FROM generate_series(${from}, ${to}) AS i`,
        [organizationId, roleIds]
      )
    }
    // portal invitations for every third contact (sent ones have a delivered message)
    await client.query(
      `INSERT INTO "Message" (id, type, "recipientKey", organization, status, "sentAt", "isSecret", locale, trace, "createdAt", "dueAt", generation)
       SELECT 'bm' || i, 'PORTAL_INVITATION', 'email-person' || i || '@example.com', $1, 'sent', now(), true, 'en', '[]', now(), now(), 1
       FROM generate_series(3, ${CONTACTS}, 3) AS i`,
      [organizationId]
    )
    await client.query(
      `INSERT INTO "PortalInvitation" (id, organization, contact, email, "tokenHash", "pendingKey", message, "sendCount", "queuedAt", "expiresAt", "createdAt")
       SELECT 'bi' || i, $1, 'bc' || i, 'person' || i || '@example.com', md5('token' || i), 'bc' || i, 'bm' || i, 1, now(), now() + interval '7 days', now()
       FROM generate_series(3, ${CONTACTS}, 3) AS i`,
      [organizationId]
    )
    await client.query('ANALYZE')
  } finally {
    await client.end()
  }
}

async function main() {
  assertPostgresClient()
  const base = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test')
  const database = `bench_contacts_${process.pid}`
  const admin = new URL(base.toString())
  admin.pathname = '/postgres'
  const url = new URL(base.toString())
  url.pathname = `/${database}`

  const server = new pg.Client({ connectionString: admin.toString() })
  await server.connect()
  await server.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`)
  let stop = async () => {}
  try {
    const { prismaSchemaFor } = require('../bin/db') as typeof import('../bin/db')
    const { push } = require('../adapters/database/schema-engine') as typeof import('../adapters/database/schema-engine')
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: url.toString(),
      REDIS_URL: '',
      SESSION_SECRET: 'bench-session-secret-0123456789abcdefghijklmnop',
      FILES_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
      ADMIN_EMAIL: 'admin@bench.example',
      ADMIN_PASSWORD: 'bench-admin-password',
      NODE_ENV: 'production', // no debug extensions, as deployed
    }
    let started = performance.now()
    await push({ provider: 'postgresql', url: url.toString() }, await prismaSchemaFor(env))
    console.log(`schema pushed to ${database} in ${Math.round(performance.now() - started)} ms`)

    // the real server, as `keystone start` builds it: config from config.ts, Express + Apollo
    const { createExpressServer, createSystem } = require('@keystone-6/core/___internal-do-not-use-will-break-in-patch/artifacts')
    const PrismaModule = require('../generated/prisma/client')
    const { buildConfig } = require('../config') as typeof import('../config')
    const { bindRegistry, configRegistry } = require('../plugins/kernel') as typeof import('../plugins/kernel')
    const config = buildConfig(env)
    const system = createSystem(config)
    const keystone = system.getKeystone(PrismaModule)
    bindRegistry(keystone.context, configRegistry(config))
    const log = console.log
    console.log = () => {} // the admin seed prints a line we do not need
    await keystone.connect()
    console.log = log
    const { httpServer } = await createExpressServer(system.config, keystone.context)
    await new Promise<void>(resolve => httpServer.listen(0, '127.0.0.1', resolve))
    const endpoint = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/api/graphql`
    stop = async () => {
      await new Promise(resolve => httpServer.close(resolve))
      await configRegistry(config).one('queue').close()
      await keystone.disconnect()
    }

    const sudo = keystone.context.sudo()
    const organization = await sudo.db.Organization.createOne({ data: { name: 'Bench Org', country: 'US' } })
    const staff = await sudo.db.User.createOne({ data: { name: 'Bench Staff', email: 'staff@bench.example', password: 'bench-password', type: 'staff' } })
    await sudo.db.OrganizationEmployee.createOne({
      data: { user: { connect: { id: staff.id } }, organization: { connect: { id: organization.id } }, readContacts: true },
    })
    const roleIds = (await sudo.prisma.contactRole.findMany({ select: { id: true } })).map((r: { id: string }) => r.id)
    started = performance.now()
    await seed(url.toString(), String(organization.id), roleIds)
    console.log(`inserted ${CONTACTS.toLocaleString('en')} contacts in ${Math.round(performance.now() - started)} ms`)

    const post = async (body: object, headers: Record<string, string> = {}) => {
      const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
      return (await res.json()) as any
    }
    const signedIn = await post({
      query: `mutation { authenticateUserWithPassword(email: "staff@bench.example", password: "bench-password") { ... on UserAuthenticationWithPasswordSuccess { sessionToken } } }`,
    })
    const auth = { authorization: `Bearer ${signedIn.data.authenticateUserWithPassword.sessionToken}` }

    // correctness first: a full page, with role, property and the phones the staff may read
    const check = await post({ query: PAGE_QUERY, variables: { org: organization.id, skip: 0 } }, auth)
    const page = check.data?.contacts
    if (!page || page.length !== PAGE || !page[0].role?.label || !page[0].property?.name || !page[0].phone) {
      throw new Error(`unexpected page: ${JSON.stringify(check).slice(0, 500)}`)
    }
    const statuses = (await post({ query: PAGE_QUERY_WITH_STATUS, variables: { org: organization.id, skip: 0 } }, auth)).data?.contacts?.map((c: any) => c.portalInvitationStatus)
    if (!statuses?.some((s: string) => s.startsWith('Sent ')) || !statuses.includes('Never invited')) {
      throw new Error(`unexpected statuses: ${JSON.stringify(statuses).slice(0, 300)}`)
    }

    const prisma = keystone.context.prisma
    const direct = (i: number) =>
      prisma.contact.findMany({
        where: { organizationId: String(organization.id), archivedAt: null },
        orderBy: { name: 'asc' },
        take: PAGE,
        skip: (i % PAGES) * PAGE,
        include: { role: true, property: true },
      })
    const overHttp = (query: string) => async (i: number) => {
      const result = await post({ query, variables: { org: organization.id, skip: (i % PAGES) * PAGE } }, auth)
      if (!result.data?.contacts?.length) throw new Error(JSON.stringify(result.errors ?? result).slice(0, 300))
    }

    // warm both paths (JIT, connection pools, PostgreSQL caches) before measuring
    await load(Math.min(2, SECONDS), CLIENTS, i => direct(i).then(() => {}))
    await load(Math.min(2, SECONDS), CLIENTS, overHttp(PAGE_QUERY))
    await load(Math.min(2, SECONDS), CLIENTS, overHttp(PAGE_QUERY_WITH_STATUS))

    console.log(`\n${CLIENTS} concurrent clients, ${SECONDS} s each, page of ${PAGE} (pages 1-${PAGES}) of ${CONTACTS.toLocaleString('en')} contacts`)
    const baseline = await load(SECONDS, CLIENTS, i => direct(i).then(() => {}))
    const http = await load(SECONDS, CLIENTS, overHttp(PAGE_QUERY))
    const withStatus = await load(SECONDS, CLIENTS, overHttp(PAGE_QUERY_WITH_STATUS))
    const row = (label: string, s: Stats) =>
      `${label.padEnd(26)} ${s.rps.toFixed(1).padStart(9)} ${s.p50.toFixed(2).padStart(9)} ${s.p99.toFixed(2).padStart(9)} ${String(s.requests).padStart(9)}`
    console.log(`${''.padEnd(26)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'requests'.padStart(9)}`)
    console.log(row('Prisma client (baseline)', baseline))
    console.log(row('GraphQL over HTTP (staff)', http))
    console.log(row('  + invitation status', withStatus))
    console.log(
      `\nratio HTTP / Prisma: throughput ${(http.rps / baseline.rps).toFixed(3)}x, p50 latency ${(http.p50 / baseline.p50).toFixed(2)}x, p99 latency ${(http.p99 / baseline.p99).toFixed(2)}x`
    )
    console.log(
      `ratio with the status column / without: throughput ${(withStatus.rps / http.rps).toFixed(3)}x, p50 latency ${(withStatus.p50 / http.p50).toFixed(2)}x`
    )
  } finally {
    await stop().catch(error => console.error('stopping the server:', error))
    await server.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`)
    await server.end()
    console.log(`dropped ${database}`)
  }
}

main().catch(error => {
  console.error(error)
  process.exitCode = 1
})
