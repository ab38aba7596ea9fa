// DeliveryRows: a run's MessageDelivery rows, read once per turn and written once with their outcome, by
// the same statement as the run's end (endRuns), or on their own when the end is slow in coming (a run
// waiting on a slow provider must not widen the window in which a crash re-sends; rows such a write could
// not land go back to the end). Two runs overlapping
// on one message (a lease that ran out while the first still ran) both hold the address's row as new: the
// second end meets the first's row and writes its outcome over it instead of failing the batch. Through
// the adapter's pool on PostgreSQL (a pg error), through Prisma on SQLite.
import { DeliveryRows, SETTLED_WINDOW_MS } from '../../../tasks/delivery/delivery-rows'
import { endRuns } from '../../../tasks/delivery/state'
import type { TraceEntry } from '../../../tasks/delivery/trace'
import { startTestApp, type TestApp } from '../../harness/app'
import { until } from '../../harness/until'

let app: TestApp
let prisma: any
beforeAll(async () => {
  app = await startTestApp({})
  prisma = app.context.prisma
})
afterAll(() => app.close())

let seq = 0
const newMessage = () => prisma.message.create({ data: { type: 'CUSTOM', recipientKey: `phone-r${++seq}`, phone: `+1415555${String(seq).padStart(4, '0')}` } })
function openRow(rows: DeliveryRows, messageId: string, key: string) {
  return rows.open({ messageId, channel: 'sms', idempotencyKey: key, addressHint: '+1415…01', transport: 'twilio' })
}
const sentEntry: TraceEntry = { at: '2026-11-29T10:00:00.000Z', run: 1, outcome: 'sent', channel: 'sms', transport: 'twilio' }
const deliveries = (messageId: string) => prisma.messageDelivery.findMany({ where: { messageId }, orderBy: { idempotencyKey: 'asc' } })

test('a settled row is written with the run end, not before; a later run reads it back', async () => {
  const message = await newMessage()
  const key = `rows-${seq}`
  const first = new DeliveryRows(prisma)
  expect(await openRow(first, message.id, key)).toBeNull()
  await first.change(key, { status: 'sent', providerMessageId: 'SM1', sentAt: new Date('2026-11-29T10:00:00Z') })
  await first.settle(key)
  expect(await deliveries(message.id)).toEqual([])
  await endRuns(prisma, [{ id: message.id, status: 'sent', trace: [sentEntry], secret: false }], first)
  expect((await prisma.message.findUnique({ where: { id: message.id } })).status).toBe('sent')
  const later = new DeliveryRows(prisma)
  expect(await openRow(later, message.id, key)).toEqual({ status: 'sent', transport: 'twilio', attempts: 1, sentAt: new Date('2026-11-29T10:00:00Z') })
})

test('rows and the end land together or not at all: a row that cannot be written leaves the end unwritten', async () => {
  const message = await newMessage()
  const key = `rows-${seq}`
  const rows = new DeliveryRows(prisma)
  await openRow(rows, message.id, key)
  // a second row naming a message that does not exist: its foreign key fails the end's statement (or transaction)
  await openRow(rows, `missing-${seq}`, `${key}-missing`)
  await rows.change(key, { status: 'sent', providerMessageId: 'SM9' })
  await Promise.all([rows.settle(key), rows.settle(`${key}-missing`)])
  await expect(endRuns(prisma, [{ id: message.id, status: 'sent', trace: [sentEntry], secret: false }], rows)).rejects.toThrow(/foreign key/i)
  expect(await deliveries(message.id)).toEqual([])
  const stored = await prisma.message.findUnique({ where: { id: message.id } })
  expect([stored.status, stored.trace ?? []]).toEqual(['sending', []])
})

test('a row whose run end is slow in coming is written on its own, once', async () => {
  const message = await newMessage()
  const [early, late] = [`rows-${seq}`, `rows-${seq}-late`]
  const rows = new DeliveryRows(prisma)
  await Promise.all([openRow(rows, message.id, early), openRow(rows, message.id, late)])
  await rows.change(early, { status: 'sent', providerMessageId: 'SM4' })
  await rows.settle(early)
  // the other address's provider takes its time
  await until('the settled row written on its own', async () => (await deliveries(message.id)).length === 1, SETTLED_WINDOW_MS + 5_000)
  await rows.change(late, { status: 'sent', providerMessageId: 'SM5' })
  await rows.settle(late)
  await endRuns(prisma, [{ id: message.id, status: 'sent', trace: [sentEntry, sentEntry], secret: false }], rows)
  expect((await deliveries(message.id)).map((r: any) => [r.idempotencyKey, r.providerMessageId])).toEqual([
    [early, 'SM4'],
    [late, 'SM5'],
  ])
})

test('a row the window could not write on its own goes back to the run: its end writes it', async () => {
  // the row names a message that does not exist yet: the window's write fails on its foreign key
  const messageId = `later-${++seq}`
  const key = `rows-${seq}`
  const rows = new DeliveryRows(prisma)
  await openRow(rows, messageId, key)
  await rows.change(key, { status: 'sent', providerMessageId: 'SM6' })
  await rows.settle(key)
  await new Promise(resolve => setTimeout(resolve, SETTLED_WINDOW_MS + 20))
  await rows.written()
  expect(await deliveries(messageId)).toEqual([])
  // the database lets it through now: the run's end writes the row with the final state
  await prisma.message.create({ data: { id: messageId, type: 'CUSTOM', recipientKey: `phone-r${seq}`, phone: '+14155550999' } })
  await endRuns(prisma, [{ id: messageId, status: 'sent', trace: [sentEntry], secret: false }], rows)
  expect((await deliveries(messageId)).map((r: any) => [r.idempotencyKey, r.status, r.providerMessageId])).toEqual([[key, 'sent', 'SM6']])
  expect((await prisma.message.findUnique({ where: { id: messageId } })).status).toBe('sent')
})

test('two overlapping runs: the second end writes its outcome over the first row instead of failing', async () => {
  const message = await newMessage()
  const [key, other] = [`rows-${seq}`, `rows-${seq}-other`]
  const [a, b] = [new DeliveryRows(prisma), new DeliveryRows(prisma)]
  expect(await openRow(a, message.id, key)).toBeNull()
  expect(await openRow(b, message.id, key)).toBeNull()
  expect(await openRow(b, message.id, other)).toBeNull()
  await a.change(key, { status: 'failed', error: 'timeout' })
  await a.settle(key)
  await endRuns(prisma, [{ id: message.id, retryInMs: 60_000, trace: [{ ...sentEntry, outcome: 'transient' }] }], a)
  await b.change(key, { status: 'sent', providerMessageId: 'SM2', error: '' })
  await b.change(other, { status: 'sent', providerMessageId: 'SM3' })
  await Promise.all([b.settle(key), b.settle(other)])
  // both of b's rows in the end's statement, which meets a's row: nothing of it lands, then row by row
  await endRuns(prisma, [{ id: message.id, status: 'sent', trace: [sentEntry], secret: false }], b)
  expect((await deliveries(message.id)).map((r: any) => [r.idempotencyKey, r.status, r.providerMessageId, r.error])).toEqual([
    [key, 'sent', 'SM2', ''],
    [other, 'sent', 'SM3', ''],
  ])
  expect(await prisma.message.findUnique({ where: { id: message.id } })).toMatchObject({ status: 'sent', trace: [sentEntry] })
})
