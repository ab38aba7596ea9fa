import { addCompositeIndex } from '../shared/prisma-schema'
import { Broadcast } from './broadcast'

export const broadcastLists = { Broadcast }

export const broadcastPrismaExtensions = [
  // a broadcast's messages by their uniqKey (progress counts, the announcements feed)
  addCompositeIndex('Message', ['uniqKey', 'status']),
]
export { audienceOf, audiencePage, audienceWhere, countAudience, type Audience } from './audience'
export { renderBroadcast } from './format'
export * from './statuses'
