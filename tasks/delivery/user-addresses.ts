// A recipient user's email and phone, as the email and SMS channels read them for each message of a run:
// one query for the users of the whole run (turn-batch.ts), not one per message and channel.
import { loaderByKey } from './turn-batch'

export type UserAddresses = { email: string | null; phone: string | null }

export const userAddressesOf = loaderByKey<UserAddresses>(async (prisma, userIds) => {
  const rows: ({ id: string } & UserAddresses)[] = await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true, phone: true } })
  return new Map(rows.map(row => [row.id, row]))
})
