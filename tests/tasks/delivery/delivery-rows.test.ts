// DeliveryRows: a run's MessageDelivery rows, read once per turn and written once with their outcome.
// Two runs overlapping on one message (a lease that ran out while the first still ran) both hold the
// address's row as new: the second insert meets the first's row and writes its outcome over it instead
// of failing the batch. Through the adapter's pool on PostgreSQL (a pg error), through Prisma on SQLite.
import { DeliveryRows } from '../../../tasks/delivery/delivery-rows'
import { startTestApp, type TestApp } from '../../harness/app'

let app: TestApp
let prisma: any
beforeAll(async () => {
  app = await startTestApp({})
  prisma = app.context.prisma
})
afterAll(() => app.close())

let seq = 0
async function openRow(rows: DeliveryRows, messageId: string, key: string) {
  return rows.open({ messageId, channel: 'sms', idempotencyKey: key, addressHint: '+1415…01', transport: 'twilio' })
}

test('a row is written once, with its outcome; a later run reads it back', async () => {
  const message = await prisma.message.create({ data: { type: 'CUSTOM', recipientKey: `phone-r${++seq}`, phone: '+14155550101' } })
  const key = `rows-${seq}`
  const first = new DeliveryRows(prisma)
  expect(await openRow(first, message.id, key)).toBeNull()
  await first.change(key, { status: 'sent', providerMessageId: 'SM1', sentAt: new Date('2026-11-29T10:00:00Z') })
  await first.settle(key)
  const later = new DeliveryRows(prisma)
  expect(await openRow(later, message.id, key)).toEqual({ status: 'sent', transport: 'twilio', attempts: 1, sentAt: new Date('2026-11-29T10:00:00Z') })
})

test('two overlapping runs: the second insert writes its outcome over the first instead of failing', async () => {
  const message = await prisma.message.create({ data: { type: 'CUSTOM', recipientKey: `phone-r${++seq}`, phone: '+14155550102' } })
  const [key, other] = [`rows-${seq}`, `rows-${seq}-other`]
  const [a, b] = [new DeliveryRows(prisma), new DeliveryRows(prisma)]
  expect(await openRow(a, message.id, key)).toBeNull()
  expect(await openRow(b, message.id, key)).toBeNull()
  expect(await openRow(b, message.id, other)).toBeNull()
  await a.change(key, { status: 'failed', error: 'timeout' })
  await a.settle(key)
  await b.change(key, { status: 'sent', providerMessageId: 'SM2', error: '' })
  await b.change(other, { status: 'sent', providerMessageId: 'SM3' })
  // one turn: both of b's rows in one insert, which meets a's row
  await Promise.all([b.settle(key), b.settle(other)])
  const rows = await prisma.messageDelivery.findMany({ where: { messageId: message.id }, orderBy: { idempotencyKey: 'asc' } })
  expect(rows.map((r: any) => [r.idempotencyKey, r.status, r.providerMessageId, r.error])).toEqual([
    [key, 'sent', 'SM2', ''],
    [other, 'sent', 'SM3', ''],
  ])
})
