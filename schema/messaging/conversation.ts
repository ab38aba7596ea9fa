// Conversation: one private thread between management and one or more residents. Written only by the
// messaging plugin (start, reply, resolve, archive...), so every change has its activity entry.
import { list } from '@keystone-6/core'
import { integer, relationship, select, text, timestamp } from '@keystone-6/core/fields'
import { isSignedIn, isStaff } from '../shared/access'
import { ownedBy, readOnly, systemWritten, toOne } from './fields'
import { CONVERSATION_STATUSES, RESOLUTION_CATEGORIES, options } from './statuses'
import { conversationFilter, readsConversations, readsConversationsEverywhere } from './visibility'

/** Management-only fields: staff reading the organization's conversations (admins too). */
export const managementOnly = {
  read: {
    item: ({ context, item }: any) => readsConversations(context, item.organizationId),
    filter: ({ context }: any) => readsConversationsEverywhere(context),
    order: ({ context }: any) => readsConversationsEverywhere(context),
  },
}

/** Staff-only fields: internal notes move them, so residents must not read, filter or order by them
 *  (a resident's own newest message is on their read cursor: myConversations' lastMessage). */
export const staffOnly = { read: { item: isStaff, filter: isStaff, order: isStaff } }

const back = (ref: string) => relationship({ ref, many: true, graphql: { omit: { create: true, update: true } }, ui: { createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'read' }, displayMode: 'count' } as any })

export const Conversation = list({
  access: {
    operation: { query: isSignedIn, ...systemWritten },
    filter: { query: conversationFilter },
  },
  ui: {
    labelField: 'subject',
    hideCreate: true,
    hideDelete: true,
    listView: { initialColumns: ['subject', 'status', 'topic', 'resident', 'unitName', 'lastMessageAt'], initialSort: { field: 'lastMessageAt', direction: 'DESC' } },
  },
  fields: {
    organization: ownedBy(),
    property: toOne('Property'),
    unitName: text({ db: { isNullable: true }, ...readOnly }),
    /** The resident contact the thread is about (the contact of the resident's unit). */
    contact: toOne('Contact'),
    /** The resident user the thread is with. */
    resident: toOne('User'),
    topic: toOne('ConversationTopic'),
    subject: text({ validation: { isRequired: true, length: { max: 200 } }, ...readOnly }),
    status: select({ type: 'enum', options: options(CONVERSATION_STATUSES), defaultValue: 'unread', validation: { isRequired: true }, isIndexed: true, ...readOnly }),
    resolutionCategory: select({ type: 'enum', options: options(RESOLUTION_CATEGORIES), db: { isNullable: true }, ...readOnly }),
    resolutionNote: text({ ui: { displayMode: 'textarea', ...readOnly.ui }, access: managementOnly }),
    resolvedAt: timestamp({ ...readOnly }),
    archivedAt: timestamp({ ...readOnly }),
    reopenCount: integer({ defaultValue: 0, validation: { isRequired: true }, ...readOnly }),
    startedBy: toOne('User'),
    createdAt: timestamp({ defaultValue: { kind: 'now' }, ...readOnly }),
    /**
     * The newest message of any kind (internal notes too): staff's inbox row and order. Residents get theirs by visibility.
     * Indexed only after the organization and status (schema/messaging/index.ts): an index on this column
     * alone tempted the planner to walk every organization's threads newest first, filtering for one.
     */
    lastMessageAt: timestamp({ access: staffOnly, ...readOnly }),
    lastMessagePreview: text({ access: managementOnly, ...readOnly }),
    lastMessageAuthorName: text({ access: managementOnly, ...readOnly }),
    /** Messages from residents since a staff member last read or replied: the team inbox's unread count. */
    staffUnreadCount: integer({ defaultValue: 0, validation: { isRequired: true }, access: managementOnly, ...readOnly }),
    messageCount: integer({ defaultValue: 0, validation: { isRequired: true }, access: managementOnly, ...readOnly }),
    participants: back('ConversationParticipant.conversation'),
    messages: back('ConversationMessage.conversation'),
    activities: back('ConversationActivity.conversation'),
    links: back('ConversationLink.conversation'),
  },
})
