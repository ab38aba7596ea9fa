// inTransaction: the app's client is not a transaction's; an interactive transaction's client is (the
// delivery of a message sent inside one waits for the commit: tests/plugins/notifications/send-message.test.ts).
import { inTransaction } from '../../../adapters/database/in-transaction'
import { startTestApp, type TestApp } from '../../harness/app'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp({})
})
afterAll(() => app.close())

test("the app's client is not in a transaction; an interactive transaction's client is", async () => {
  const prisma = app.context.prisma as any
  expect(inTransaction(prisma)).toBe(false)
  expect(await prisma.$transaction(async (tx: any) => inTransaction(tx))).toBe(true)
  // not a Prisma client at all (a bare object carrying a pool, as a script may pass): not a transaction's
  expect(inTransaction({ $pgPool: {} })).toBe(false)
})
