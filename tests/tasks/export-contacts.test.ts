// The export task's life: progress per page, cancel mid-run, a lost run restarted by the sweeper or
// failed with a reason, and a worker process killed mid-export (SIGKILL) that ends done, not stuck.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { registryOf } from '../../plugins/kernel'
import { sweepExports } from '../../tasks/export-contacts'
import { DEFAULT_EXPORT_OPTIONS, exportJobId, type ExportOptions } from '../../tasks/exports/options'
import { runExport } from '../../tasks/exports/run-export'
import { fileServices } from '../../tasks/sweep-files'
import { as, createOrganization, createStaff } from '../harness/factories'
import { createContact } from '../harness/contacts'
import { startTestApp, type TestApp } from '../harness/app'
import { TEST_MASTER_KEY } from '../plugins/files/helpers'
import { dataRows, exportedSheet } from '../plugins/exports/helpers'

let app: TestApp
let directory: string
let org: { id: string }
let staff: any
const CONTACTS = 7

beforeAll(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-export-task-'))
  app = await startTestApp({ env: { FILES_DIR: directory, FILES_MASTER_KEY: TEST_MASTER_KEY } })
  org = await createOrganization(app.context)
  staff = await createStaff(app.context, org.id, ['exportContacts', 'readContacts'])
  for (let i = 0; i < CONTACTS; i++) await createContact(app.context, { organization: org.id, name: `Person ${i}`, type: 'vendor' })
}, 60_000)

afterAll(async () => {
  await app?.close()
  fs.rmSync(directory, { recursive: true, force: true })
})

const services = () => fileServices(registryOf(app.context))
const options: ExportOptions = { ...DEFAULT_EXPORT_OPTIONS, pageSize: 2 }
const newTask = (data: Record<string, unknown> = {}) =>
  app.context.prisma.contactExportTask.create({ data: { organizationId: org.id, startedById: staff.id, status: 'queued', ...data } })
const taskRow = (id: string) => app.context.prisma.contactExportTask.findUniqueOrThrow({ where: { id } })

/** The Prisma client, with a hook after each update of the export's row (its heartbeats). */
function watched(onUpdate: (data: any) => Promise<void> | void) {
  const prisma = app.context.prisma as any
  return new Proxy(prisma, {
    get(target, key) {
      if (key !== 'contactExportTask') return target[key]
      return new Proxy(target.contactExportTask, {
        get(list, method) {
          if (method !== 'updateMany') return list[method]
          return async (args: any) => {
            const result = await list.updateMany(args)
            await onUpdate(args.data)
            return result
          }
        },
      })
    },
  })
}

test('progress moves page by page up to the total', async () => {
  const task = await newTask()
  const seen: number[] = []
  await runExport(watched(data => void (data.processed !== undefined && seen.push(data.processed))), services(), options, task.id, 1)
  expect(seen).toEqual([0, 2, 4, 6, 7, 7])
  expect(await taskRow(task.id)).toMatchObject({ status: 'done', processed: CONTACTS, total: CONTACTS, attempt: 1 })
})

test('cancel during the run: it stops at the next page and keeps no file', async () => {
  const task = await newTask()
  let cancelled = false
  const prisma = watched(async data => {
    if (data.processed === 2 && !cancelled) {
      cancelled = true
      await as(app.context, staff).graphql.run({ query: 'mutation($id: ID!) { cancelContactExportTask(where: { id: $id }) { status } }', variables: { id: task.id } })
    }
  })
  expect(await runExport(prisma, services(), options, task.id, 1)).toEqual({ ran: false, stopped: true })
  expect(await taskRow(task.id)).toMatchObject({ status: 'cancelled', fileId: null })
  expect(await app.context.prisma.storedFile.count({ where: { ownerId: task.id } })).toBe(0)
  expect(fs.readdirSync(path.join(directory, 'contactExport')).filter(name => name.includes('partial'))).toEqual([])
})

test('a queued export that was cancelled never starts', async () => {
  const task = await newTask({ status: 'cancelled' })
  expect(await runExport(app.context.prisma, services(), options, task.id, 1)).toEqual({ ran: false })
})

test('a lost run (stale heartbeat) is restarted from the start, then done; lost too often, it fails with the reason', async () => {
  const stale = new Date(Date.now() - 10 * 60_000)
  const lost = await newTask({ status: 'running', attempt: 1, processed: 4, heartbeatAt: stale })
  const tooOften = await newTask({ status: 'running', attempt: 3, processed: 2, heartbeatAt: stale })
  const alive = await newTask({ status: 'running', attempt: 1, processed: 2, heartbeatAt: new Date() })
  const enqueued: { payload: any; jobId: string }[] = []
  const result = await sweepExports(app.context.prisma, options, async (payload, jobId) => void enqueued.push({ payload, jobId }))
  expect(result).toMatchObject({ restarted: 1, failed: 1 })
  expect(enqueued).toEqual([{ payload: { taskId: lost.id, attempt: 2 }, jobId: exportJobId(lost.id, 2) }])
  expect(await taskRow(lost.id)).toMatchObject({ status: 'queued', processed: 0 })
  expect(await taskRow(tooOften.id)).toMatchObject({ status: 'failed', error: 'The export stopped without finishing 3 times (its worker was lost); start it again' })
  expect((await taskRow(alive.id)).status).toBe('running')
  // the lost run's late heartbeat no longer counts: it is not its task any more
  await runExport(app.context.prisma, services(), options, lost.id, 2)
  expect(await taskRow(lost.id)).toMatchObject({ status: 'done', processed: CONTACTS, attempt: 2 })
})

test('a worker process killed mid-export (SIGKILL): the sweeper restarts it and it ends done', async () => {
  const task = await newTask()
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, 'fixtures/export-child.ts'), task.id, '1'], {
    env: { ...app.env, REDIS_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', chunk => (output += chunk))
  child.stderr.on('data', chunk => (output += chunk))
  const exited = new Promise(resolve => child.on('exit', resolve))
  // wait until it is inside the export (some progress), then kill it without warning
  const until = Date.now() + 60_000
  for (;;) {
    const row = await taskRow(task.id)
    if (row.status === 'running' && row.processed > 0) break
    if (Date.now() > until || child.exitCode !== null) throw new Error(`the child never got going: ${output}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  child.kill('SIGKILL')
  await exited
  const killed = await taskRow(task.id)
  expect(killed.status).toBe('running')
  expect(killed.processed).toBeLessThan(CONTACTS)

  // later: the sweeper sees the stale heartbeat, and the restarted run finishes
  const enqueued: any[] = []
  await sweepExports(app.context.prisma, { ...options, stalledAfterMs: 0 }, async payload => void enqueued.push(payload), Date.now() + 1000)
  expect(enqueued.filter(payload => payload.taskId === task.id)).toEqual([{ taskId: task.id, attempt: 2 }])
  await runExport(app.context.prisma, services(), options, task.id, 2)
  const done = await taskRow(task.id)
  expect(done).toMatchObject({ status: 'done', processed: CONTACTS })
  expect(dataRows(await exportedSheet(app.context, done.fileId!)).length).toBe(CONTACTS)
  // the killed run's half-written file is an abandoned upload, which the files sweeper removes later
  expect(await app.context.prisma.storedFile.count({ where: { ownerId: task.id, status: 'ready' } })).toBe(1)
}, 90_000)
