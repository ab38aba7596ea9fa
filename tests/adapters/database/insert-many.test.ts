// insertMany (adapters/database/insert-many.ts): what is stored does not depend on how the rows travel.
// On PostgreSQL a value every row shares goes once in a second record, the rest per row; a row set that
// shares nothing, one row alone and the conflict-skipping variant must store what Prisma would.
import { providerOf } from '../../../adapters/database'
import { insertMany, insertManySkippingConflicts } from '../../../adapters/database/insert-many'
import { startTestApp, type TestApp } from '../../harness/app'
import { DELIVERY_INSERT } from '../../../tasks/delivery/delivery-rows'

let app: TestApp
let prisma: any
beforeAll(async () => {
  app = await startTestApp({})
  prisma = app.context.prisma
})
afterAll(() => app.close())

const DELIVERY = DELIVERY_INSERT

const SELECT = { id: true, messageId: true, channel: true, transport: true, addressHint: true, idempotencyKey: true, status: true, attempts: true, providerMessageId: true, sentAt: true, error: true, updatedAt: true }
let seq = 0
const row = (extra: object = {}) => {
  const n = ++seq
  return { id: `insert-many-${n}`, messageId: null, channel: 'push', transport: 'fcm', addressHint: `it's "${n}"`, idempotencyKey: `insert-many-key-${n}`, status: 'sent', attempts: 1, providerMessageId: '', sentAt: null, error: '', ...extra }
}
const stored = async (ids: string[]) => prisma.messageDelivery.findMany({ where: { id: { in: ids } }, select: SELECT, orderBy: { id: 'asc' } })

test('rows sharing some values (one Date object, the same strings), differing in others, and leaving fields out', async () => {
  const at = new Date('2026-11-21T10:00:00.123Z')
  const rows = [row({ updatedAt: at, sentAt: at }), row({ updatedAt: at, attempts: 3 }), row({ updatedAt: at, error: 'line "one"' })]
  delete (rows[1] as any).sentAt // left out: NULL, as the others' null
  await insertMany(prisma, DELIVERY, rows)
  const byId = await stored(rows.map(r => r.id))
  expect(byId).toEqual(rows.map(r => ({ ...r, sentAt: r.sentAt ?? null })).sort((a, b) => a.id.localeCompare(b.id)))
})

test('one row alone, and rows sharing nothing', async () => {
  const alone = row({ updatedAt: new Date('2026-11-21T10:00:00.001Z') })
  await insertMany(prisma, DELIVERY, [alone])
  const apart = [row({ channel: 'sms', updatedAt: new Date('2026-11-21T10:00:01Z') }), row({ channel: 'email', status: 'failed', updatedAt: new Date('2026-11-21T10:00:02Z') })]
  await insertMany(prisma, DELIVERY, apart)
  expect(await stored([alone.id, ...apart.map(r => r.id)])).toEqual([alone, ...apart])
})

test('the conflict-skipping insert returns the rows it wrote, sharing values or not', async () => {
  if (providerOf(prisma) !== 'postgresql') return
  const at = new Date('2026-11-21T11:00:00Z')
  const first = row({ updatedAt: at })
  await insertMany(prisma, DELIVERY, [first])
  const again = { ...row({ updatedAt: at }), idempotencyKey: first.idempotencyKey }
  const fresh = row({ updatedAt: at })
  expect(await insertManySkippingConflicts(prisma, DELIVERY, [again, fresh])).toEqual([{ id: fresh.id }])
  expect(await stored([again.id, fresh.id])).toEqual([fresh])
})
