// Whether a Prisma client is an interactive transaction's. Prisma 7's transaction clients keep
// $transaction (nested transactions) but have no $connect (measured: tests/adapters/database/in-transaction.test.ts).
export const inTransaction = (prisma: any) => typeof prisma?.$transaction === 'function' && typeof prisma.$connect !== 'function'
