// How many residents a broadcast will reach, asked before sending: the same `where` the fan-out pages
// with (schema/broadcasts/audience.ts), so the number shown is the number sent (if nobody moves in meanwhile).
import type { KeystoneContext } from '@keystone-6/core/types'
import { audienceOf, countAudience, type Audience } from '../../schema/broadcasts'
import { holdsPermission } from '../../schema/shared/access'
import { typedError } from '../../schema/shared/errors'
import { signedIn } from '../notifications/staff-send'
import { broadcastFor } from './send'

export async function recipientCountOf(context: KeystoneContext<any>, id: string) {
  await broadcastFor(context, id)
  const prisma = context.sudo().prisma
  return countAudience(prisma, (await audienceOf(prisma, id))!)
}

/** A composer's preview, before anything is saved. */
export async function audienceCount(context: KeystoneContext<any>, audience: Audience) {
  signedIn(context)
  if (!(await holdsPermission(context, audience.organizationId, 'broadcast'))) {
    throw typedError('FORBIDDEN', 'You need the broadcast permission in this organization')
  }
  if (!['organization', 'handPicked'].includes(audience.audience)) throw typedError('WRONG_AUDIENCE', 'audience is organization or handPicked')
  return countAudience(context.sudo().prisma, audience)
}
