// Messaging (issue 12): private conversations between residents and management, with topics and routing,
// participants by stint, internal notes, an audit trail and read cursors. Lists in schema/messaging.
import { messagingLists, messagingPrismaSchema } from '../../schema/messaging'
import { definePlugin } from '../kernel'
import './contributions'
import { messagingGraphql } from './graphql'
import { builtInLinkTargets } from './links'
import type { MessagingOptions } from './options'
import { createRuntime } from './runtime'
import { seedTopics, seedTopicsOnOrganizationCreate } from './topics'

export { messagingOptionsFromEnv, type MessagingOptions } from './options'

export function messagingPlugin(options: MessagingOptions) {
  const runtime = createRuntime(options)
  return definePlugin({
    name: 'messaging',
    requires: ['organizations', 'auth', 'contacts', 'residents', 'notifications'],
    lists: messagingLists,
    extendLists: { Organization: { hooks: seedTopicsOnOrganizationCreate } },
    extendPrismaSchema: schema => messagingPrismaSchema.reduce((current, transform) => transform(current), schema),
    extendGraphqlSchema: messagingGraphql(runtime),
    onConnect: seedTopics,
    contributes: {
      conversationLinkTargets: builtInLinkTargets,
      closers: [() => runtime.close()],
    },
  })
}
