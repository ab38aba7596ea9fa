// Ending sessions is deleting their rows: the next request with such a token is anonymous.
import type { KeystoneContext } from '@keystone-6/core/types'

/** Ends every session of the user, except `keep` (the session making the change, when it is theirs). */
export async function revokeSessions(context: KeystoneContext<any>, userId: string, options: { keep?: string } = {}) {
  const { count } = await context.prisma.userSession.deleteMany({
    where: { userId, ...(options.keep ? { id: { not: options.keep } } : {}) },
  })
  return count as number
}
