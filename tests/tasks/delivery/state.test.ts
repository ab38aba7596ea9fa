// The batch state writes: claiming many messages at once, and ending many runs in one statement per
// shape (updateEach: raw SQL on PostgreSQL, a transaction on SQLite) — each row its own values, a
// canceled message left canceled, secret meta cleared only once final.
import { providerOf } from '../../../adapters/database'
import { claimMessages, endRuns } from '../../../tasks/delivery/state'
import type { TraceOutcome } from '../../../tasks/delivery/trace'
import { startTestApp, type TestApp } from '../../harness/app'

let app: TestApp
let prisma: any
beforeAll(async () => {
  app = await startTestApp({})
  prisma = app.context.prisma
})
afterAll(() => app.close())

let seq = 0
const message = (data: object = {}) =>
  prisma.message.create({ data: { type: 'CUSTOM', recipientKey: `phone-${++seq}`, phone: `+1415555${seq}`, meta: { n: seq }, ...data } })

// pooled: the delivery run's way (the app's own client, through the adapter's pool on PostgreSQL)
test.each([[false], [true]])('claimMessages takes active messages without a live lease, and only those (pooled: %s)', async pooled => {
  const free = await message()
  const expired = await message({ status: 'processing', leaseUntil: new Date(Date.now() - 1000) })
  const leased = await message({ status: 'processing', leaseUntil: new Date(Date.now() + 60_000) })
  const final = await message({ status: 'sent' })
  const claimed = await claimMessages(prisma, [free.id, expired.id, leased.id, final.id], 30_000, { pooled })
  expect(claimed.map(m => m.id).sort()).toEqual([free.id, expired.id].sort())
  // what a run reads comes back with them
  expect(claimed.find(m => m.id === free.id)).toMatchObject({ type: 'CUSTOM', phone: free.phone, recipientKey: free.recipientKey, meta: { n: free.meta.n }, generation: 1 })
  const stored = await prisma.message.findMany({ where: { id: { in: [free.id, expired.id] } } })
  expect(stored.every((m: any) => m.leaseUntil.getTime() > Date.now() + 20_000)).toBe(true)
  // only the lease is written (a HOT update on PostgreSQL): the status and due time stay as they were
  const byId = new Map(stored.map((m: any) => [m.id, m]))
  expect(byId.get(free.id)).toMatchObject({ status: 'sending', dueAt: free.dueAt })
  expect(byId.get(expired.id)).toMatchObject({ status: 'processing', dueAt: expired.dueAt })
  expect(await claimMessages(prisma, [free.id], 30_000, { pooled })).toEqual([]) // now leased
})

test('on PostgreSQL the claim of a freshly inserted batch is HOT: it writes no index entry', async () => {
  if (providerOf(prisma) !== 'postgresql') return
  // as a fan-out writes them: one multi-row insert, the rows side by side on pages the fillfactor left half free
  const ids = Array.from({ length: 100 }, (_, i) => `hot-${Date.now()}-${i}`)
  await prisma.message.createMany({ data: ids.map(id => ({ id, type: 'CUSTOM', recipientKey: `${id}-key`, phone: '+14155550100', meta: { title: 'Water off Saturday 9-12', body: 'The main valve is replaced.' } })) })
  // the backend's own counters (pg_stat_xact_*: no waiting for the statistics to be flushed), before and after
  const hot = await prisma.$transaction(async (tx: any) => {
    const counters = async () =>
      (await tx.$queryRawUnsafe(`SELECT n_tup_upd::int AS updated, n_tup_hot_upd::int AS hot FROM pg_stat_xact_user_tables WHERE relname = 'Message' AND schemaname = current_schema()`))[0]
    const before = await counters()
    expect(await claimMessages(tx, ids, 30_000)).toHaveLength(100)
    const after = await counters()
    return { updated: after.updated - before.updated, hot: after.hot - before.hot }
  })
  // a claim that changed an indexed column (the status, the due time) or found no room would not be
  expect(hot).toEqual({ updated: 100, hot: 100 })
})

test('endRuns writes each message its own outcome in one go, and leaves a canceled one canceled', async () => {
  const [sent, failed, retried, canceled, secret] = await Promise.all([
    message(),
    message(),
    message(),
    message({ status: 'canceled' }),
    message({ isSecret: true, meta: { code: '4321' } }),
  ])
  await claimMessages(prisma, [sent.id, failed.id, retried.id, secret.id], 30_000)
  const at = new Date('2026-11-21T10:00:00.123Z')
  const trace = (outcome: TraceOutcome) => [{ at: at.toISOString(), run: 1, outcome, error: `it's "quoted"` }]
  await endRuns(prisma, [
    { id: sent.id, status: 'sent', trace: trace('sent'), sentAt: at, secret: false },
    { id: failed.id, status: 'error', trace: trace('error'), secret: false },
    { id: retried.id, retryInMs: 60_000, trace: trace('retry') },
    { id: canceled.id, status: 'sent', trace: trace('sent'), sentAt: at, secret: false },
    { id: secret.id, status: 'sent', trace: trace('sent'), sentAt: at, secret: true },
  ])
  const rows = await prisma.message.findMany({ where: { id: { in: [sent.id, failed.id, retried.id, canceled.id, secret.id] } } })
  const byId = new Map(rows.map((row: any) => [row.id, row]))
  expect(byId.get(sent.id)).toMatchObject({ status: 'sent', sentAt: at, leaseUntil: null, trace: trace('sent'), meta: { n: expect.any(Number) } })
  expect(byId.get(failed.id)).toMatchObject({ status: 'error', sentAt: null, trace: trace('error') })
  const retry: any = byId.get(retried.id)
  expect(retry).toMatchObject({ status: 'processing', leaseUntil: null, trace: trace('retry') })
  expect(retry.dueAt.getTime()).toBeGreaterThan(Date.now() + 50_000)
  expect(byId.get(canceled.id)).toMatchObject({ status: 'canceled', sentAt: null })
  expect(byId.get(secret.id)).toMatchObject({ status: 'sent', meta: null })
})
