// How many residents a broadcast will reach, asked before sending: the same `where` the fan-out pages
// with (schema/broadcasts/audience.ts), so the number shown is the number sent (if nobody moves in meanwhile);
// and the same split by channel (reach.ts).
import type { KeystoneContext } from '@keystone-6/core/types'
import { audienceOf, BROADCAST_KINDS, countAudience, type Audience } from '../../schema/broadcasts'
import { holdsPermission } from '../../schema/shared/access'
import { typedError } from '../../schema/shared/errors'
import { registryOf } from '../kernel'
import { signedIn } from '../notifications/staff-send'
import { reachOf } from './reach'
import { broadcastFor } from './send'

export async function recipientCountOf(context: KeystoneContext<any>, id: string) {
  await broadcastFor(context, id)
  const prisma = context.sudo().prisma
  return countAudience(prisma, (await audienceOf(prisma, id))!)
}

/** The saved broadcast's recipients, split by the channels of its kind. */
export async function recipientReachOf(context: KeystoneContext<any>, id: string) {
  await broadcastFor(context, id)
  const prisma = context.sudo().prisma
  const audience = (await audienceOf(prisma, id))!
  return reachOf(prisma, registryOf(context), audience, String(audience.broadcast.kind))
}

async function checkedAudience(context: KeystoneContext<any>, audience: Audience) {
  signedIn(context)
  if (!(await holdsPermission(context, audience.organizationId, 'broadcast'))) {
    throw typedError('FORBIDDEN', 'You need the broadcast permission in this organization')
  }
  if (!['organization', 'handPicked'].includes(audience.audience)) throw typedError('WRONG_AUDIENCE', 'audience is organization or handPicked')
  return audience
}

/** A composer's preview, before anything is saved. */
export async function audienceCount(context: KeystoneContext<any>, audience: Audience) {
  return countAudience(context.sudo().prisma, await checkedAudience(context, audience))
}

/** A composer's preview split by channel, for the kind chosen. */
export async function audienceReach(context: KeystoneContext<any>, audience: Audience, kind: string) {
  if (!(BROADCAST_KINDS as readonly string[]).includes(kind)) throw typedError('WRONG_KIND', 'kind is regular or emergency')
  return reachOf(context.sudo().prisma, registryOf(context), await checkedAudience(context, audience), kind)
}
