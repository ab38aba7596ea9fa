// Master key rotation: every data key wrapped by an older master key is re-wrapped by the current one.
// The objects are not touched (their data keys do not change). Each row is updated only if it still has
// the version that was read (a compare-and-set), so two runs side by side do no harm.
import { rewrap } from '../../adapters/storage/envelope'
import type { MasterKeyring } from '../../adapters/storage/keyring'

export async function rewrapFileKeys(prisma: any, keyring: MasterKeyring, pageSize = 500) {
  const current = keyring.current.version
  let rewrapped = 0
  let cursor: string | undefined
  for (;;) {
    const rows = await prisma.storedFile.findMany({
      where: { keyVersion: { not: current }, wrappedKey: { not: null }, ...(cursor ? { id: { gt: cursor } } : {}) },
      select: { id: true, wrappedKey: true, keyVersion: true, noncePrefix: true },
      orderBy: { id: 'asc' },
      take: pageSize,
    })
    if (rows.length === 0) return { rewrapped, current }
    for (const row of rows) {
      const envelope = rewrap(keyring, row, row.id)
      const { count } = await prisma.storedFile.updateMany({
        where: { id: row.id, keyVersion: row.keyVersion },
        data: { wrappedKey: envelope.wrappedKey, keyVersion: envelope.keyVersion },
      })
      rewrapped += count
    }
    cursor = rows[rows.length - 1].id
  }
}
