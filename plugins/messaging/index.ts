// Messaging (issue 12): private conversations between residents and management, with topics and routing,
// participants by stint, internal notes, an audit trail and read cursors. Lists in schema/messaging.
import { messagingLists, messagingPrismaSchema } from '../../schema/messaging'
import { definePlugin } from '../kernel'
import { seedTopics, seedTopicsOnOrganizationCreate } from './topics'

export function messagingPlugin() {
  return definePlugin({
    name: 'messaging',
    requires: ['organizations', 'auth', 'contacts', 'residents', 'notifications'],
    lists: messagingLists,
    extendLists: { Organization: { hooks: seedTopicsOnOrganizationCreate } },
    extendPrismaSchema: schema => messagingPrismaSchema.reduce((current, transform) => transform(current), schema),
    onConnect: seedTopics,
  })
}
