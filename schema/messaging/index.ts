import { Conversation } from './conversation'
import { ConversationActivity } from './conversation-activity'
import { ConversationLink } from './conversation-link'
import { ConversationMessage } from './conversation-message'
import { ConversationParticipant } from './conversation-participant'
import { ConversationReadCursor } from './conversation-read-cursor'
import { ConversationTopic } from './conversation-topic'
import { addCompositeIndex, addCompositeUnique, addMaintainedCount, addTrigramIndex } from '../shared/prisma-schema'

export const messagingLists = {
  Conversation,
  ConversationTopic,
  ConversationParticipant,
  ConversationMessage,
  ConversationActivity,
  ConversationLink,
  ConversationReadCursor,
}

/** The inbox reads (organization, status) newest first; a thread reads its messages and activities in order. */
export const messagingPrismaSchema = [
  // the inbox's order exactly (newest first, id breaking ties): a page is a walk of this index alone
  // whatever the organization's size, so its statement can keep one plan (inbox-postgres.ts)
  addCompositeIndex('Conversation', ['organizationId', 'status', 'lastMessageAt', 'id']),
  addCompositeIndex('ConversationMessage', ['conversationId', 'createdAt']),
  addCompositeIndex('ConversationActivity', ['conversationId', 'createdAt']),
  addCompositeUnique('ConversationTopic', ['organizationId', 'key']),
  // the staff inbox's search on PostgreSQL (plugins/messaging/search-postgres.ts): message text, subject,
  // unit and the names of residents and contacts, each an index lookup instead of a scan (the contacts'
  // name search can use the last one as well)
  addTrigramIndex('ConversationMessage', 'body'),
  addTrigramIndex('Conversation', 'subject'),
  addTrigramIndex('Conversation', 'unitName'),
  addTrigramIndex('User', 'name'),
  addTrigramIndex('Contact', 'name'),
  // the staff inbox's count per organization and status, one row instead of counting every thread of a
  // status on each page (plugins/messaging/inbox-postgres.ts)
  addMaintainedCount('ConversationStatusCount', { of: 'Conversation', by: { organization: 'String', status: 'ConversationStatusType' } }),
]

export { CONVERSATION_STATUSES, RESOLUTION_CATEGORIES, ACTIVITY_KINDS, DEFAULT_TOPICS } from './statuses'
export type { ConversationStatus, ResolutionCategory, ActivityKind } from './statuses'
export { conversationFilter, entryFilter, residentOrganizations, readsConversations } from './visibility'
export { MESSAGE_BODY_MAX } from './conversation-message'
