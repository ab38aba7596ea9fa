// Benchmark: the staff list pages (contacts, messages, residents: 50 rows with their relationships) over
// HTTP GraphQL with a staff session, next to the same rows read with the Prisma client, on PostgreSQL with
// 100,000 contacts; the contacts page also with the portal invitation status column the Admin UI shows
// (every third contact was invited).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run generate   # the PostgreSQL client
//   npm run bench:contacts -- [--contacts 100000] [--seconds 20] [--clients 16]
//        [--pages contacts,messages,residents] [--processes 1,2] [--profile /tmp/api-%p.cpuprofile] [--keep]
//   npm run generate                                                         # back to SQLite
//
// It creates a throwaway database (bench_contacts_<pid>) next to BENCH_DATABASE_URL's (default
// postgres://postgres@127.0.0.1:5432/test), pushes the schema, bulk-inserts with SQL, and starts the
// real server as `npm start` runs it: its own plain-Node process (bench/api-server.ts), so neither this
// process's HTTP client nor a TypeScript loader sits in the measured path. The Prisma baseline runs in
// that process too. --processes 1,2 repeats the HTTP pages with 2 API processes behind one port
// (node:cluster). --profile writes the API process's CPU profile of the first HTTP page measured
// (summarize with `npx tsx bench/cpu-profile.ts <file>`). The database is dropped at the end.
import pg from 'pg'
import { startApi } from './lib/api-process'
import { load, type Stats } from './lib/load'
import { PAGE, PAGES, staffPage } from './lib/staff-pages'
import { result } from './lib/result'
import { flag, listFlag, textFlag } from './lib/args'
import { createBenchDatabase, createStaffOf, startBenchKeystone } from './lib/bench-database'

const CONTACTS = flag('contacts', 100_000)
const SECONDS = flag('seconds', 20)
const CLIENTS = flag('clients', 16)
const PAGE_NAMES = listFlag('pages', 'contacts,messages,residents')
const PROCESSES = listFlag('processes', '1').map(Number)
const PROFILE = textFlag('profile')
const PORT = Number(process.env.BENCH_PORT ?? 4900)
const PROPERTIES = 200
const RESIDENTS = Math.ceil(CONTACTS / 5)

// the contacts list as the Admin UI shows it with the portal plugin: one more virtual column
const WITH_STATUS = staffPage('contacts').query.replace('type\n', 'type portalInvitationStatus\n')

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
    // residents: one resident user per registration, tied to the first contacts
    await client.query(
      `INSERT INTO "User" (id, name, type) SELECT 'bu' || i, 'Resident ' || i, 'resident' FROM generate_series(1, ${RESIDENTS}) AS i`
    )
    await client.query(
      `INSERT INTO "Resident" (id, "user", organization, property, "unitName", "unitKey", "unitType", contact, "createdAt")
       SELECT 'br' || i, 'bu' || i, $1, 'bp' || (1 + i % ${PROPERTIES}), (i % 400)::text, (i % 400)::text, 'flat', 'bc' || i, now()
       FROM generate_series(1, ${RESIDENTS}) AS i`,
      [organizationId]
    )
    await client.query('ANALYZE')
  } finally {
    await client.end()
  }
}

type Row = { label: string; stats: Stats; baseline?: Stats }

async function main() {
  const db = await createBenchDatabase('contacts')
  const stops: (() => Promise<void>)[] = []
  try {
    // seeds (built-in roles, the admin) and the bench's organization through Keystone, in this process
    const keystone = await startBenchKeystone(db.env)
    stops.push(keystone.stop)
    const { sudo } = keystone
    const { organizationId: org, userId: staffId } = await createStaffOf(sudo, { readContacts: true, manageMessages: true })
    const roleIds = (await sudo.prisma.contactRole.findMany({ select: { id: true } })).map((r: { id: string }) => r.id)
    const started = performance.now()
    await seed(db.url, org, roleIds)
    console.log(`inserted ${CONTACTS.toLocaleString('en')} contacts, ${RESIDENTS.toLocaleString('en')} residents in ${Math.round(performance.now() - started)} ms`)
    const env = db.env

    const rows: Row[] = []
    const baselines = new Map<string, Stats>()
    let profileWritten = false
    for (const processes of PROCESSES) {
      const api = await startApi(env, { port: PORT, processes })
      stops.push(api.stop)
      const post = async (body: object, headers: Record<string, string> = {}) => {
        const res = await fetch(api.endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
        return (await res.json()) as any
      }
      const signedIn = await post({
        query: `mutation { authenticateUserWithPassword(email: "staff@bench.example", password: "bench-password") { ... on UserAuthenticationWithPasswordSuccess { sessionToken } } }`,
      })
      const auth = { authorization: `Bearer ${signedIn.data.authenticateUserWithPassword.sessionToken}` }
      const overHttp = (query: string) => async (i: number) => {
        const result = await post({ query, variables: { org, skip: (i % PAGES) * PAGE } }, auth)
        if (!result.data?.items?.length) throw new Error(JSON.stringify(result.errors ?? result).slice(0, 300))
      }
      const suffix = processes > 1 ? ` (${processes} processes)` : ''
      console.log(`\nAPI: ${processes} process(es); ${CLIENTS} concurrent clients, ${SECONDS} s each, pages of ${PAGE} (1-${PAGES})`)

      for (const name of PAGE_NAMES) {
        const page = staffPage(name)
        // correctness first: a full page with the columns a staff member with the permissions sees
        page.check((await post({ query: page.query, variables: { org, skip: 0 } }, auth)).data?.items ?? [])
        const variants = [{ label: `${name} page${suffix}`, query: page.query }]
        if (name === 'contacts') {
          const statuses = (await post({ query: WITH_STATUS, variables: { org, skip: 0 } }, auth)).data?.items?.map((c: any) => c.portalInvitationStatus)
          if (!statuses?.some((s: string) => s.startsWith('Sent ')) || !statuses.includes('Never invited')) {
            throw new Error(`unexpected statuses: ${JSON.stringify(statuses).slice(0, 300)}`)
          }
          variants.push({ label: `  + invitation status${suffix}`, query: WITH_STATUS })
        }
        // the baseline in the API process (Prisma, no HTTP, session or access), once per page
        if (!baselines.has(name)) {
          await api.command('prisma-load', { page: name, organizationId: org, seconds: Math.min(2, SECONDS), clients: CLIENTS })
          const [stats] = await api.command<Stats>('prisma-load', { page: name, organizationId: org, seconds: SECONDS, clients: CLIENTS })
          baselines.set(name, stats)
          rows.push({ label: `${name}: Prisma (baseline)`, stats })
          // where the rest goes: Keystone's GraphQL alone (sudo), then with the staff session's access rules
          for (const [label, userId] of [['Keystone GraphQL, sudo', undefined], ['Keystone GraphQL, staff', staffId]] as const) {
            const [graphql] = await api.command<Stats>('graphql-load', { page: name, organizationId: org, seconds: SECONDS, clients: CLIENTS, userId })
            rows.push({ label: `  ${label} (no HTTP)`, stats: graphql, baseline: stats })
          }
        }
        for (const variant of variants) {
          await load(Math.min(2, SECONDS), CLIENTS, overHttp(variant.query)) // warm: JIT, pools, caches
          const profile = PROFILE && !profileWritten
          if (profile) await api.command('profile-start')
          const cpuBefore = await api.command<number>('cpu')
          const stats = await load(SECONDS, CLIENTS, overHttp(variant.query))
          const cpuAfter = await api.command<number>('cpu')
          stats.cpuMs = cpuAfter.reduce((sum, v, i) => sum + v - cpuBefore[i], 0) / stats.requests
          if (profile) {
            await api.command('profile-stop', { file: PROFILE })
            profileWritten = true
            console.log(`API CPU profile of "${variant.label}" written to ${PROFILE}`)
          }
          rows.push({ label: variant.label, stats, baseline: baselines.get(name) })
          const baseline = baselines.get(name)!
          result({ bench: 'contacts', metric: `${variant.label.trim()} req/s`, value: stats.rps, unit: 'req/s', baseline: baseline.rps, ratio: stats.rps / baseline.rps, goal: '>= 0.3x' })
          if (processes === 1 && variant.query === page.query) {
            result({ bench: 'contacts', metric: `${name} page p99`, value: stats.p99, unit: 'ms', goal: '< 150 ms' })
            result({ bench: 'contacts', metric: `${name} page API CPU/req`, value: stats.cpuMs!, unit: 'ms', baseline: baseline.cpuMs, ratio: baseline.cpuMs! / stats.cpuMs! })
          }
          console.log(`  ${variant.label}: ${stats.rps.toFixed(1)} req/s, p99 ${stats.p99.toFixed(0)} ms`)
        }
      }
      await api.stop()
    }

    const num = (v: number, digits = 1) => v.toFixed(digits).padStart(9)
    console.log(`\n${CONTACTS.toLocaleString('en')} contacts, ${CLIENTS} clients, ${SECONDS} s per row`)
    console.log(`(CPU ms/req: the API process's CPU time per page, which the machine's load does not change as it changes req/s)`)
    console.log(`${''.padEnd(34)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'requests'.padStart(9)} ${'x Prisma'.padStart(9)} ${'CPU ms/req'.padStart(11)}`)
    for (const { label, stats, baseline } of rows) {
      const ratio = baseline ? `${(stats.rps / baseline.rps).toFixed(3)}x` : ''
      const cpu = stats.cpuMs === undefined ? '' : stats.cpuMs.toFixed(2)
      console.log(`${label.padEnd(34)} ${num(stats.rps)} ${num(stats.p50, 2)} ${num(stats.p99, 2)} ${String(stats.requests).padStart(9)} ${ratio.padStart(9)} ${cpu.padStart(11)}`)
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch(error => console.error('stopping:', error))
    await db.drop()
  }
}

main().catch(error => {
  console.error(error)
  process.exitCode = 1
})
