// Messaging's GraphQL: residents (app and portal) and staff. Reads of threads themselves are the lists'
// own queries (conversationMessages, conversationActivities...), which apply the visibility rule.
import { g } from '@keystone-6/core'
import { RESOLUTION_CATEGORIES } from '../../schema/messaging'
import { typedError } from '../../schema/shared/errors'
import { linkRecord } from './links'
import { addParticipant, removeParticipant } from './membership'
import { findResidents } from './find-residents'
import { writeInThread } from './reply'
import { myInbox, myUnreadTotal } from './resident-inbox'
import type { MessagingRuntime } from './runtime'
import { startAsResident, startAsStaff } from './start'
import { staffInbox, MAX_INBOX_PAGE, type StaffInboxRow } from './staff-inbox'
import { archiveByHand, markRead, resolve } from './status'

const page = (take: number, skip: number) => {
  if (take < 0 || take > MAX_INBOX_PAGE || skip < 0) throw typedError('WRONG_PAGE', `take is 0 to ${MAX_INBOX_PAGE}, skip 0 or more`)
}

export const messagingGraphql = (runtime: MessagingRuntime) =>
  g.extend(base => {
    const Conversation = base.object('Conversation')
    const ConversationMessage = base.object('ConversationMessage')

    const MyConversation = g.object<{ conversation: any; unreadCount: number; lastMessage: any }>()({
      name: 'MyConversation',
      fields: {
        conversation: g.field({ type: g.nonNull(Conversation) }),
        unreadCount: g.field({ type: g.nonNull(g.Int), description: 'Messages you could see that arrived since you last read' }),
        lastMessage: g.field({ type: ConversationMessage, description: 'The newest message you may see' }),
      },
    })

    const StaffInboxRowType = g.object<StaffInboxRow>()({
      name: 'StaffInboxRow',
      fields: {
        id: g.field({ type: g.nonNull(g.ID) }),
        subject: g.field({ type: g.nonNull(g.String) }),
        status: g.field({ type: g.nonNull(g.String) }),
        residentName: g.field({ type: g.String }),
        unitName: g.field({ type: g.String }),
        propertyName: g.field({ type: g.String }),
        topicName: g.field({ type: g.String }),
        lastMessageAt: g.field({ type: g.DateTime }),
        lastMessagePreview: g.field({ type: g.String, description: 'Null for staff without readConversations here' }),
        lastMessageAuthorName: g.field({ type: g.String }),
        unreadCount: g.field({ type: g.nonNull(g.Int), description: 'Resident messages since a staff member last read or replied (the team’s count)' }),
        reopenCount: g.field({ type: g.nonNull(g.Int) }),
      },
    })
    const StaffInboxPage = g.object<{ rows: StaffInboxRow[]; count: number }>()({
      name: 'StaffInboxPage',
      fields: {
        rows: g.field({ type: g.nonNull(g.list(g.nonNull(StaffInboxRowType))) }),
        count: g.field({ type: g.nonNull(g.Int) }),
      },
    })
    const ResidentMatch = g.object<{ residentId: string; userId: string; name: string; unitName: string; propertyName: string | null }>()({
      name: 'ConversationResidentMatch',
      fields: {
        residentId: g.field({ type: g.nonNull(g.ID) }),
        userId: g.field({ type: g.nonNull(g.ID) }),
        name: g.field({ type: g.nonNull(g.String) }),
        unitName: g.field({ type: g.nonNull(g.String) }),
        propertyName: g.field({ type: g.String }),
      },
    })

    const conversation = (context: any, id: string) => context.db.Conversation.findOne({ where: { id } })
    const message = (context: any, id: string) => context.db.ConversationMessage.findOne({ where: { id } })
    const id = () => g.arg({ type: g.nonNull(g.ID) })
    const text = () => g.arg({ type: g.nonNull(g.String) })
    const images = () => g.arg({ type: g.list(g.nonNull(g.Upload)), description: 'JPEG, PNG, WebP or GIF images (multipart request); the organization sets how many and how large' })

    return {
      query: {
        myConversations: g.field({
          type: g.nonNull(g.list(g.nonNull(MyConversation))),
          description: 'Your conversations, newest activity first, with your unread counts',
          args: {
            take: g.arg({ type: g.nonNull(g.Int), defaultValue: 20 }), skip: g.arg({ type: g.nonNull(g.Int), defaultValue: 0 }), status: g.arg({ type: g.String }),
            search: g.arg({ type: g.String, description: 'Subject, unit, topic or the text of a message you can see' }),
          },
          resolve: (_root, args, context) => (page(args.take, args.skip), myInbox(context, { ...args, postgres: runtime.options.databaseProvider === 'postgresql' })),
        }),
        myConversationsUnreadCount: g.field({
          type: g.nonNull(g.Int),
          description: 'Unread messages over all your conversations (the app badge)',
          resolve: (_root, _args, context) => myUnreadTotal(context),
        }),
        staffInbox: g.field({
          type: g.nonNull(StaffInboxPage),
          description: 'Staff: the organization’s conversations in one status (unread, open, resolved, archived), newest first; search matches resident name, unit, phone, topic, subject and message text',
          args: {
            organizationId: id(),
            status: g.arg({ type: g.nonNull(g.String), defaultValue: 'unread' }),
            search: g.arg({ type: g.String }),
            take: g.arg({ type: g.nonNull(g.Int), defaultValue: 50 }),
            skip: g.arg({ type: g.nonNull(g.Int), defaultValue: 0 }),
          },
          resolve: (_root, args, context) => staffInbox(runtime, context, args),
        }),
        findResidentsForConversation: g.field({
          type: g.nonNull(g.list(g.nonNull(ResidentMatch))),
          description: 'Staff (manageConversations): registered residents by name, unit or phone, to start a conversation with',
          args: { organizationId: id(), search: text() },
          resolve: (_root, args, context) => findResidents(context, { ...args, postgres: runtime.options.databaseProvider === 'postgresql' }),
        }),
      },
      mutation: {
        startConversation: g.field({
          type: g.nonNull(Conversation),
          description: 'Residents: a new conversation on a topic of an organization where they live, routed to the topic’s recipient',
          args: {
            topicId: id(), subject: text(), body: g.arg({ type: g.nonNull(g.String), defaultValue: '' }), images: images(),
            residentId: g.arg({ type: g.ID, description: 'Which of your registrations (unit) it is about; default: your first there' }),
          },
          resolve: async (_root, args, context) => conversation(context, await startAsResident(runtime, context, args)),
        }),
        startConversationWithResident: g.field({
          type: g.nonNull(Conversation),
          description: 'Staff (manageConversations): a new conversation with a registered resident (findResidentsForConversation)',
          args: { residentId: id(), topicId: id(), subject: text(), body: g.arg({ type: g.nonNull(g.String), defaultValue: '' }), images: images() },
          resolve: async (_root, args, context) => conversation(context, await startAsStaff(runtime, context, args)),
        }),
        replyToConversation: g.field({
          type: g.nonNull(ConversationMessage),
          description: 'A reply. A resident’s reply re-opens a resolved or archived conversation; management joins by replying',
          args: { conversationId: id(), body: g.arg({ type: g.nonNull(g.String), defaultValue: '' }), images: images() },
          resolve: async (_root, args, context) => message(context, await writeInThread(runtime, context, { ...args, internal: false })),
        }),
        addInternalNote: g.field({
          type: g.nonNull(ConversationMessage),
          description: 'Staff: a note in the thread that residents never see',
          args: { conversationId: id(), body: g.arg({ type: g.nonNull(g.String), defaultValue: '' }), images: images() },
          resolve: async (_root, args, context) => message(context, await writeInThread(runtime, context, { ...args, internal: true })),
        }),
        markConversationRead: g.field({
          type: g.nonNull(Conversation),
          description: 'You read the thread up to now; for management, an unread thread becomes open',
          args: { conversationId: id() },
          resolve: async (_root, args, context) => (await markRead(runtime, context, args.conversationId), conversation(context, args.conversationId)),
        }),
        resolveConversation: g.field({
          type: g.nonNull(Conversation),
          description: `Staff: resolve with a category (${RESOLUTION_CATEGORIES.join(', ')}) and an optional note only management sees`,
          args: { conversationId: id(), category: text(), note: g.arg({ type: g.String }) },
          resolve: async (_root, args, context) => (await resolve(runtime, context, args), conversation(context, args.conversationId)),
        }),
        archiveConversation: g.field({
          type: g.nonNull(Conversation),
          args: { conversationId: id() },
          resolve: async (_root, args, context) => (await archiveByHand(runtime, context, args.conversationId), conversation(context, args.conversationId)),
        }),
        addConversationParticipant: g.field({
          type: g.nonNull(Conversation),
          description: 'Staff: add an employee or a resident of the organization; they see the thread from now on',
          args: { conversationId: id(), userId: id() },
          resolve: async (_root, args, context) => (await addParticipant(runtime, context, args), conversation(context, args.conversationId)),
        }),
        removeConversationParticipant: g.field({
          type: g.Boolean,
          description: 'Staff remove a participant; anyone may remove themselves. They keep what they saw and see nothing new',
          args: { conversationId: id(), userId: id() },
          resolve: async (_root, args, context) => (await removeParticipant(runtime, context, args), true),
        }),
        linkConversation: g.field({
          type: g.nonNull(base.object('ConversationLink')),
          description: 'Staff: link the record the thread is about (list: Contact, Property, Message, or what plugins add)',
          args: { conversationId: id(), list: text(), id: id() },
          resolve: async (_root, args, context) => context.db.ConversationLink.findOne({ where: { id: await linkRecord(runtime, context, { conversationId: args.conversationId, list: args.list, id: args.id }) } }),
        }),
      },
    }
  })
