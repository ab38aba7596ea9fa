// Benchmark: a contacts export of 100,000 contacts on PostgreSQL, end to end (the task created through
// the API, queued in BullMQ, run by a separate worker process, the file encrypted into storage and
// downloadable), next to the bare exceljs streaming writer writing the same rows from memory to a local
// file, measured in the same run. Prints the medians, the ratio (goal <= 1.5x) and the worker's peak RSS
// (goal < 250 MB).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run generate   # the PostgreSQL client
//   npm run bench:export [-- --contacts 100000 --runs 3]
//   npm run generate                                                         # back to SQLite
//
// It creates a throwaway database (bench_export_<pid>) next to BENCH_DATABASE_URL's (default
// postgres://postgres@127.0.0.1:5432/test) and a Redis prefix (REDIS_URL, default redis://127.0.0.1:6379),
// and removes both, and the files, at the end.
import type { ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import ExcelJS from 'exceljs'
import pg from 'pg'
import { Redis } from 'ioredis'
import { peakRssMb, startWorkerProcess } from './lib/worker-process'
import { flag } from './lib/args'
import { createBenchDatabase, createStaffOf, startBenchKeystone } from './lib/bench-database'

const CONTACTS = flag('contacts', 100_000)
const RUNS = flag('runs', 3)
/** --worker-heap-mb: the worker's old space (WORKER_HEAP_MB of bin/worker.sh; its default when not given). */
const WORKER_HEAP_MB = flag('worker-heap-mb', 0)
const PROPERTIES = 200

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

async function seed(url: string, organizationId: string, roleIds: string[]) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(
      `INSERT INTO "Property" (id, organization, name, address)
       SELECT 'bp' || i, $1, 'Property ' || i, i || ' Main St, Springfield' FROM generate_series(1, ${PROPERTIES}) AS i`,
      [organizationId]
    )
    for (let from = 1; from <= CONTACTS; from += 20_000) {
      const to = Math.min(CONTACTS, from + 19_999)
      // every type; every 10th without email; every 50th archived; some notes
      await client.query(
        `INSERT INTO "Contact" (id, organization, type, name, phone, email, role, property, "unitName", "unitType", notes, "archivedAt", "createdAt", "liveUniqueKey")
         SELECT 'bc' || lpad(i::text, 7, '0'), $1, (ARRAY['resident','vendor','contractor'])[1 + i % 3]::"ContactTypeType",
                'Person ' || lpad((i % 5000)::text, 4, '0') || ' ' || substr(md5(i::text), 1, 8),
                '+1415' || lpad((2000000 + i)::text, 7, '0'),
                CASE WHEN i % 10 = 0 THEN NULL ELSE 'person' || i || '@example.com' END,
                ($2::text[])[1 + i % array_length($2::text[], 1)],
                'bp' || (1 + i % ${PROPERTIES}), (i % 400)::text, 'flat',
                CASE WHEN i % 7 = 0 THEN 'Prefers a call after 6 pm' ELSE '' END,
                CASE WHEN i % 50 = 0 THEN now() - interval '3 days' ELSE NULL END,
                now() - (i || ' minutes')::interval, md5('bench' || i)
         FROM generate_series(${from}, ${to}) AS i`,
        [organizationId, roleIds]
      )
    }
    await client.query('ANALYZE')
  } finally {
    await client.end()
  }
}

async function deletePrefix(redisUrl: string, prefix: string) {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 })
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500)
    if (keys.length) await redis.unlink(...keys)
    cursor = next
  } while (cursor !== '0')
  redis.disconnect()
}

/** The baseline: the same rows, already in memory, through a bare streaming writer into a local file. */
async function bareWriter(rows: unknown[][], file: string) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false })
  const sheet = workbook.addWorksheet('Contacts')
  const { EXPORT_COLUMNS } = require('../tasks/exports/workbook') as typeof import('../tasks/exports/workbook')
  sheet.columns = EXPORT_COLUMNS.map(column => ({ ...column, style: 'style' in column ? { ...column.style } : undefined }))
  for (const row of rows) sheet.addRow(row).commit()
  sheet.commit()
  await workbook.commit()
}

async function main() {
  const redisUrl = process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379'
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-export-'))
  const prefix = `bench-export-${process.pid}`
  const db = await createBenchDatabase('export', {
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    WORKERS_IN_PROCESS: 'false',
    FILES_STORAGE: 'local',
    FILES_DIR: filesDir,
    FILES_MASTER_KEY: crypto.randomBytes(32).toString('base64'),
  })
  const env = db.env
  let worker: ChildProcess | undefined
  let stop = async () => {}
  try {
    // the API side: the real server in this process, enqueueing into BullMQ
    const keystone = await startBenchKeystone(env)
    stop = keystone.stop
    const { createExpressServer } = require('@keystone-6/core/___internal-do-not-use-will-break-in-patch/artifacts')
    const { httpServer } = await createExpressServer(keystone.system.config, keystone.context)
    await new Promise<void>(resolve => httpServer.listen(0, '127.0.0.1', resolve))
    const origin = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`
    stop = async () => {
      await new Promise(resolve => httpServer.close(resolve))
      await keystone.stop()
    }

    const { sudo } = keystone
    const { organizationId } = await createStaffOf(sudo, { readContacts: true, exportContacts: true })
    const roleIds = (await sudo.prisma.contactRole.findMany({ select: { id: true } })).map((r: { id: string }) => r.id)
    let started = performance.now()
    await seed(db.url, organizationId, roleIds)
    console.log(`inserted ${CONTACTS.toLocaleString('en')} contacts in ${seconds(performance.now() - started)}`)

    // the worker: its own process, bundled and started as `npm run worker` starts it
    if (WORKER_HEAP_MB) env.WORKER_HEAP_MB = String(WORKER_HEAP_MB)
    worker = await startWorkerProcess('tasks/worker.ts', env, '[worker] ready', { log: !!process.env.BENCH_WORKER_LOG })

    const post = async (body: object, headers: Record<string, string> = {}) => {
      const res = await fetch(`${origin}/api/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
      return (await res.json()) as any
    }
    const signedIn = await post({
      query: `mutation { authenticateUserWithPassword(email: "staff@bench.example", password: "bench-password") { ... on UserAuthenticationWithPasswordSuccess { sessionToken } } }`,
    })
    const auth = { authorization: `Bearer ${signedIn.data.authenticateUserWithPassword.sessionToken}` }

    /** Queued through the API → done in the worker; the file then downloaded (decrypted) over HTTP. */
    const exportOnce = async () => {
      const t0 = performance.now()
      const created = await post({ query: `mutation($org: ID!) { createContactExportTask(data: { organization: { connect: { id: $org } } }) { id } }`, variables: { org: organizationId } }, auth)
      const id = created.data?.createContactExportTask?.id
      if (!id) throw new Error(JSON.stringify(created).slice(0, 300))
      for (;;) {
        const row = await sudo.prisma.contactExportTask.findUniqueOrThrow({ where: { id }, select: { status: true, error: true } })
        if (row.status === 'done') break
        if (row.status !== 'queued' && row.status !== 'running') throw new Error(`export ${row.status}: ${row.error}`)
        await new Promise(resolve => setTimeout(resolve, 20))
      }
      const exportMs = performance.now() - t0
      const { downloadUrl, processed } = (await post({ query: `query($id: ID!) { contactExportTask(where: { id: $id }) { downloadUrl processed } }`, variables: { id } }, auth)).data.contactExportTask
      const t1 = performance.now()
      const res = await fetch(`${origin}${downloadUrl}`, { headers: auth })
      const bytes = Buffer.from(await res.arrayBuffer())
      if (res.status !== 200 || bytes.subarray(0, 2).toString() !== 'PK') throw new Error(`download failed: ${res.status}`)
      return { exportMs, downloadMs: performance.now() - t1, processed, bytes: bytes.length }
    }

    // the baseline's rows: what the export writes, read into memory beforehand (not timed)
    const { contactPages } = require('../tasks/exports/contact-pages') as typeof import('../tasks/exports/contact-pages')
    const { roleName } = require('../schema/contacts/roles') as typeof import('../schema/contacts/roles')
    const rows: unknown[][] = []
    const readStarted = performance.now()
    const cap = (value: string | null) => (value ? value[0].toUpperCase() + value.slice(1) : null)
    for await (const page of contactPages(sudo.prisma, { organizationId, archived: 'live' }, 1000)) {
      for (const c of page) {
        rows.push([c.name, cap(c.type), c.role ? roleName(c.role, 'en') : null, c.phone, c.email, c.property?.name ?? null, c.property?.address ?? null, c.unitName, cap(c.unitType), c.notes || null, c.archivedAt, c.createdAt])
      }
    }
    const readMs = performance.now() - readStarted
    const bareFile = path.join(filesDir, 'bare.xlsx')

    // the worker's memory: right after start, and sampled every 50 ms while exports run
    const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${worker!.pid}/status`, 'utf8'))![1]) / 1024
    const idleRss = rssMb()
    let exportingRss = 0
    const sampler = setInterval(() => (exportingRss = Math.max(exportingRss, rssMb())), 50)

    // warm-up (JIT, pools, caches), then alternate the two
    await exportOnce()
    await bareWriter(rows, bareFile)
    const exports: Awaited<ReturnType<typeof exportOnce>>[] = []
    const bare: number[] = []
    for (let run = 0; run < RUNS; run++) {
      exports.push(await exportOnce())
      started = performance.now()
      await bareWriter(rows, bareFile)
      bare.push(performance.now() - started)
    }
    const exportMedian = median(exports.map(e => e.exportMs))
    const bareMedian = median(bare)
    clearInterval(sampler)
    const rss = peakRssMb(worker.pid!)
    console.log(`\n${rows.length.toLocaleString('en')} live contacts of ${CONTACTS.toLocaleString('en')}, ${RUNS} runs each (medians)`)
    console.log(`  export, queued → file downloadable (worker process, BullMQ, encrypted local storage): ${seconds(exportMedian)}  [${exports.map(e => seconds(e.exportMs)).join(', ')}]`)
    console.log(`  bare exceljs streaming writer, rows from memory → local file:                         ${seconds(bareMedian)}  [${bare.map(seconds).join(', ')}]`)
    console.log(`  ratio: ${(exportMedian / bareMedian).toFixed(2)}x (goal <= 1.5x)`)
    if (WORKER_HEAP_MB) console.log(`  (worker run with WORKER_HEAP_MB=${WORKER_HEAP_MB})`)
    console.log(`  worker peak RSS: ${rss.toFixed(0)} MB (goal < 250 MB); ${idleRss.toFixed(0)} MB idle after start, at most ${exportingRss.toFixed(0)} MB sampled while exporting`)
    console.log(`  (reading the same contacts page by page with Prisma alone, in the API process: ${seconds(readMs)})`)
    console.log(`  download of the file over HTTP (decrypt + stream): ${seconds(median(exports.map(e => e.downloadMs)))}, ${(exports[0].bytes / 1e6).toFixed(1)} MB; rows exported: ${exports[0].processed}`)
  } finally {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM')
      await new Promise(resolve => worker!.once('exit', resolve))
    }
    await stop().catch(error => console.error('stop failed:', error))
    await db.drop()
    await deletePrefix(redisUrl, prefix).catch(() => undefined)
    fs.rmSync(filesDir, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error)
    process.exit(1)
  }
)
