// transactionIdOf / transactionFate: on PostgreSQL a transaction is named from inside and its end asked
// from another connection (a delivery run waiting for the commit of the send that saved its message);
// SQLite has no such id (a reader there sees the transaction's writes: nothing to wait for).
import { providerOf } from '../../../adapters/database'
import { transactionFate, transactionIdOf } from '../../../adapters/database/transaction-fate'
import { startTestApp, type TestApp } from '../../harness/app'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp({})
})
afterAll(() => app.close())

const postgres = () => providerOf(app.context.prisma) === 'postgresql'

test('an open transaction is in progress; then committed, or aborted when it rolled back', async () => {
  const prisma = app.context.prisma as any
  const committed = await prisma.$transaction(async (tx: any) => {
    const xid = await transactionIdOf(tx)
    const organization = await tx.organization.create({ data: { name: 'Uncommitted' } })
    const seenOutside = await prisma.organization.count({ where: { id: organization.id } })
    if (!postgres()) {
      // one connection: the app's client sees what the transaction wrote before it commits
      expect(seenOutside).toBe(1)
      return expect(xid).toBeUndefined()
    }
    expect(seenOutside).toBe(0)
    expect(xid).toMatch(/^\d+$/)
    // asked with the app's client, another connection
    expect(await transactionFate(prisma, xid!)).toBe('in progress')
    return xid
  })
  if (!postgres()) return
  expect(await transactionFate(prisma, committed)).toBe('committed')

  let rolledBack: string | undefined
  await expect(
    prisma.$transaction(async (tx: any) => {
      rolledBack = await transactionIdOf(tx)
      throw new Error('changed its mind')
    })
  ).rejects.toThrow('changed its mind')
  expect(await transactionFate(prisma, rolledBack!)).toBe('aborted')
})

test('an id the server never handed out is unknown, not an error', async () => {
  if (!postgres()) return
  expect(await transactionFate(app.context.prisma, '999999999999')).toBe('unknown')
  expect(await transactionFate(app.context.prisma, 'not-an-id')).toBe('unknown')
})
