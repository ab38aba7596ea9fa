import { addCompositeIndex } from '../shared/prisma-schema'
import { Broadcast } from './broadcast'

export const broadcastLists = { Broadcast }

export const broadcastPrismaExtensions = [
  // a broadcast's messages by their uniqKey (progress counts, the announcements feed); not with their
  // status, which the delivery run's final write changes (schema/notifications/index.ts: HOT writes)
  addCompositeIndex('Message', ['uniqKey']),
  // the fan-out's keyset walk of an organization's registrations in user order (audience.ts), which the
  // index on the user alone serves only by reading every organization's registrations on the way
  addCompositeIndex('Resident', ['organizationId', 'userId']),
]
export { audienceOf, audiencePage, audienceWhere, countAudience, type Audience } from './audience'
export { renderBroadcast } from './format'
export * from './statuses'
