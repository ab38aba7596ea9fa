// Benchmark: the Admin UI in Chromium on a production build, on PostgreSQL with 100,000 contacts.
// Three timings, medians of 5: navigation to the first row of the contacts list, a search by phone typed
// in local format to its result, navigation to an opened contact (its form filled). Each also reports
// the slowest request of that page load. The baseline is the same three timings for a staff member of a
// second organization with 100 contacts, in the same run (ratio = the cost of the big list).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run generate   # the PostgreSQL client
//   npm run bench:admin -- [--contacts 100000] [--runs 5] [--requests] [--keep]
//   npm run generate                                                         # back to SQLite
//
// It builds the Admin UI when admin/ or the schema changed (tests/browser/admin-build.ts), creates a
// throwaway database (bench_admin_<pid>) next to BENCH_DATABASE_URL's (default postgres://postgres@127.0.0.1:5432/test),
// serves it with tests/browser/serve-admin.ts (bundled, on plain Node, NODE_ENV=production: as `keystone start`) and drops the database at the end. Goal: each under 1 s, no request over 200 ms.
import pg from 'pg'
import type { Page, Request } from 'playwright-core'
import { ensureAdminBuild } from '../tests/browser/admin-build'
import { startAdminServer } from '../tests/browser/admin-server'
import { ADMIN_BUILD_DIR } from '../tests/browser/serve-admin'
import { openBrowser } from '../tests/browser/chromium'
import { signInAsStaff } from '../tests/browser/sign-in'
import { bundle } from './lib/bundle'
import { flag, hasFlag } from './lib/args'
import { median } from './lib/load'
import { assertPostgresClient, createBenchDatabase, createStaffOf, startBenchKeystone } from './lib/bench-database'

const CONTACTS = flag('contacts', 100_000)
const SMALL = 100
const RUNS = flag('runs', 5)
const PASSWORD = 'bench-password'

async function seedContacts(client: pg.Client, organizationId: string, prefix: string, count: number, phoneBase: number) {
  await client.query(`INSERT INTO "Property" (id, organization, name, address) SELECT $2 || 'p' || i, $1, 'Property ' || i, i || ' Main St' FROM generate_series(1, 50) AS i`, [organizationId, prefix])
  for (let from = 1; from <= count; from += 20_000) {
    const to = Math.min(count, from + 19_999)
    await client.query(
      `INSERT INTO "Contact" (id, organization, type, name, phone, email, property, "unitName", "unitType", notes, "liveUniqueKey")
       SELECT $2 || 'c' || i, $1, 'resident', 'Person ' || lpad((i % 5000)::text, 4, '0') || ' ' || substr(md5(i::text), 1, 6),
              '+1415' || lpad(($3 + i)::text, 7, '0'),
              CASE WHEN i % 10 = 0 THEN NULL ELSE $2 || i || '@example.com' END,
              $2 || 'p' || (1 + i % 50), (i % 400)::text, 'flat', '', md5($2 || i)
       FROM generate_series(${from}, ${to}) AS i`,
      [organizationId, prefix, phoneBase]
    )
  }
}

type Timing = { ms: number; slowest: { ms: number; what: string }; requests: { at: number; ms: number; what: string }[] }
// --requests prints every request of every measured page load: when it started (ms after the action
// began) and how long it took from sent to last byte
const PRINT_REQUESTS = hasFlag('requests')

/** Times `action` until `done` resolves, recording every request of the page meanwhile. */
async function timed(page: Page, action: () => Promise<unknown>, done: () => Promise<unknown>): Promise<Timing> {
  const requests: Request[] = []
  const onRequest = (request: Request) => requests.push(request)
  page.on('request', onRequest)
  const started = performance.now()
  const wallStarted = Date.now()
  await action()
  await done()
  const ms = performance.now() - started
  page.off('request', onRequest)
  let slowest = { ms: 0, what: '' }
  const timings: Timing['requests'] = []
  for (const request of requests) {
    const response = await request.response().catch(() => null)
    if (!response) continue
    // a response that never ends (a stream) must not hold the measurement
    await Promise.race([response.finished().catch(() => null), new Promise(resolve => setTimeout(resolve, 5_000))])
    const timing = request.timing()
    const took = timing.responseEnd > 0 ? timing.responseEnd - Math.max(0, timing.requestStart) : 0
    const operation = request.postData()?.match(/"operationName":"(\w+)"|query (\w+)/)
    const what = `${request.method()} ${new URL(request.url()).pathname}${operation ? ` (${operation[1] ?? operation[2]})` : ''}`
    timings.push({ at: timing.startTime - wallStarted + Math.max(0, timing.requestStart), ms: took, what })
    if (took > slowest.ms) slowest = { ms: took, what }
  }
  return { ms, slowest, requests: timings }
}

async function measure(page: Page, url: string, phone: string, expectedName: string, contactId: string) {
  const local = `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`
  // Keystone's list is a grid of role=row (the first is the header)
  const firstRow = () => page.getByRole('row').nth(1).waitFor()
  const results = { list: [] as Timing[], search: [] as Timing[], item: [] as Timing[] }
  for (let run = 0; run < RUNS + 1; run++) {
    if (PRINT_REQUESTS) console.log(`run ${run}...`)
    const list = await timed(page, () => page.goto(`${url}/contacts`), firstRow)
    const search = await timed(
      page,
      async () => {
        await page.getByRole('searchbox').fill(local)
        await page.keyboard.press('Enter')
      },
      () => page.getByRole('row').filter({ hasText: expectedName }).first().waitFor()
    )
    const item = await timed(
      page,
      () => page.goto(`${url}/contacts/${contactId}`),
      () => page.locator('input[value="' + expectedName.replace(/"/g, '\\"') + '"]').first().waitFor()
    )
    if (run === 0) continue // warm-up: the first load compiles and caches
    if (PRINT_REQUESTS) {
      for (const [what, timing] of [['list', list], ['search', search], ['item', item]] as const) {
        console.log(`run ${run} ${what}: ${Math.round(timing.ms)} ms`)
        for (const r of timing.requests) console.log(`  at ${String(Math.round(r.at)).padStart(5)} ms  ${String(Math.round(r.ms)).padStart(5)} ms  ${r.what}`)
      }
    }
    results.list.push(list)
    results.search.push(search)
    results.item.push(item)
  }
  const summary = (timings: Timing[]) => ({
    ms: median(timings.map(t => t.ms)),
    slowest: timings.reduce((a, b) => (b.slowest.ms > a.slowest.ms ? b : a)).slowest,
  })
  return { list: summary(results.list), search: summary(results.search), item: summary(results.item) }
}

async function main() {
  assertPostgresClient()
  // the Admin UI server decides its own mode (tests/browser/serve-admin.ts)
  const db = await createBenchDatabase('admin', { NODE_ENV: process.env.NODE_ENV })
  const url = db.url
  const env = db.env
  const stops: (() => Promise<void>)[] = []
  try {
    // a stale build is rebuilt on the benchmark's database: a build on the default would regenerate the SQLite client
    ensureAdminBuild(line => console.log(line), { ...process.env, DATABASE_URL: url })
    // the organizations and their staff through Keystone (password hashing), the contacts with SQL
    const keystone = await startBenchKeystone(env)
    const permissions = { readContacts: true, manageContacts: true }
    const { organizationId: big } = await createStaffOf(keystone.sudo, permissions, { organization: 'Big Org', email: 'big@bench.example' })
    const { organizationId: small } = await createStaffOf(keystone.sudo, permissions, { organization: 'Small Org', email: 'small@bench.example' })
    await keystone.stop()
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    let started = performance.now()
    await seedContacts(client, big, 'b', CONTACTS, 2_000_000)
    await seedContacts(client, small, 's', SMALL, 3_000_000)
    await client.query('ANALYZE')
    await client.end()
    console.log(`inserted ${CONTACTS.toLocaleString('en')} + ${SMALL} contacts in ${Math.round(performance.now() - started)} ms`)

    // as in production: plain Node from a bundle (not tsx), NODE_ENV=production (the bench environment)
    const entry = await bundle('tests/browser/serve-admin.ts')
    const admin = await startAdminServer({ ...env, ADMIN_BUILD_DIR }, { entry })
    stops.push(admin.close)
    const results: Record<string, Awaited<ReturnType<typeof measure>>> = {}
    for (const [label, email, prefix, phoneBase, n] of [
      ['100 contacts (baseline)', 'small@bench.example', 's', 3_000_000, SMALL],
      [`${CONTACTS.toLocaleString('en')} contacts`, 'big@bench.example', 'b', 2_000_000, CONTACTS],
    ] as const) {
      const browser = await openBrowser({ viewport: { width: 1280, height: 900 } })
      try {
        if (PRINT_REQUESTS) console.log(`signing in ${email}...`)
        await signInAsStaff(browser.page, admin.url, email, PASSWORD)
        const i = Math.ceil(n / 2) + 1 // a contact in the middle, with an email
        const phone = `+1415${String(phoneBase + i).padStart(7, '0')}`
        const name = `Person ${String(i % 5000).padStart(4, '0')} `
        const contactName = (await (async () => {
          const c = new pg.Client({ connectionString: url })
          await c.connect()
          const row = await c.query(`SELECT name FROM "Contact" WHERE id = $1`, [`${prefix}c${i}`])
          await c.end()
          return row.rows[0].name as string
        })()) ?? name
        results[label] = await measure(browser.page, admin.url, phone, contactName, `${prefix}c${i}`)
        if (browser.problems.length) console.log(`browser problems: ${browser.problems.join('; ')}`)
      } finally {
        await browser.close()
      }
    }
    const [baseline, measured] = Object.values(results)
    const line = (what: string, key: 'list' | 'search' | 'item') => {
      const b = baseline[key]
      const m = measured[key]
      return `${what.padEnd(34)} ${String(Math.round(m.ms)).padStart(6)} ms  (baseline ${String(Math.round(b.ms)).padStart(5)} ms, ${(m.ms / b.ms).toFixed(2)}x)  slowest request ${Math.round(m.slowest.ms)} ms: ${m.slowest.what}`
    }
    console.log(`\nAdmin UI in Chromium, production build, PostgreSQL, medians of ${RUNS} (goal: < 1000 ms each, no request > 200 ms)`)
    console.log(line('navigation → first contacts row', 'list'))
    console.log(line('search by phone (local) → result', 'search'))
    console.log(line('navigation → opened contact', 'item'))
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {})
    await db.drop().catch(() => {})
  }
}

main().catch(error => {
  console.error(error)
  process.exit(1)
})
