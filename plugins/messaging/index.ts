// Messaging (issue 12): private conversations between residents and management, with topics and routing,
// participants by stint, internal notes, an audit trail and read cursors. Lists in schema/messaging.
import { messagingLists, messagingPrismaSchema } from '../../schema/messaging'
import { messagingOrganizationFields } from '../../schema/messaging/organization-settings'
import { attachmentFileKind } from './attachments'
import { attachmentsField } from './attachment-field'
import '../files'
import { definePlugin } from '../kernel'
import './contributions'
import { messagingGraphql } from './graphql'
import { builtInLinkTargets } from './links'
import type { MessagingOptions } from './options'
import { createRuntime } from './runtime'
import { conversationMessage } from './message-type'
import { notifyParticipants } from './notify'
import { messagingAdminLinks, unreadConversationsCard } from './dashboard'
import '../notifications/contributions'
import { seedTopics, seedTopicsOnOrganizationCreate } from './topics'
import { archiveConversationsTask } from '../../tasks/archive-conversations'
import type { Schedule } from '../tasks/schedules'

export { messagingOptionsFromEnv, type MessagingOptions } from './options'
export { CONVERSATION_MESSAGE } from './message-type'

export function messagingPlugin(options: MessagingOptions) {
  const runtime = createRuntime(options)
  runtime.afterMessage.push(notifyParticipants(runtime))
  const archive = archiveConversationsTask({ archiveAfterDays: options.archiveAfterDays, now: runtime.now })
  const schedules: Schedule[] = [{ task: archive, everyMs: options.sweepEveryMs, atStart: true }]
  return definePlugin({
    name: 'messaging',
    requires: ['organizations', 'auth', 'tasks', 'contacts', 'residents', 'notifications', 'files'],
    lists: messagingLists,
    extendLists: {
      Organization: { hooks: seedTopicsOnOrganizationCreate, fields: messagingOrganizationFields },
      ConversationMessage: { fields: { attachments: attachmentsField } },
    },
    extendPrismaSchema: schema => messagingPrismaSchema.reduce((current, transform) => transform(current), schema),
    extendGraphqlSchema: messagingGraphql(runtime),
    onConnect: seedTopics,
    contributes: {
      conversationLinkTargets: builtInLinkTargets,
      messageTypes: [conversationMessage],
      fileKinds: [attachmentFileKind],
      adminLinks: messagingAdminLinks,
      dashboardCards: [unreadConversationsCard],
      tasks: [archive],
      schedules,
      closers: [() => runtime.close()],
    },
  })
}
