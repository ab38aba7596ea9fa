// The GraphQL the inbox pages send (plugins/messaging/graphql.ts answers them).
import { gql } from '@keystone-6/core/admin-ui/apollo'

export const ORGANIZATIONS = gql`
  query InboxOrganizations {
    organizations(orderBy: { name: asc }, take: 100) {
      id
      name
    }
  }
`

export const STAFF_INBOX = gql`
  query StaffInbox($organizationId: ID!, $status: String!, $search: String, $skip: Int!) {
    staffInbox(organizationId: $organizationId, status: $status, search: $search, take: 50, skip: $skip) {
      count
      rows {
        id
        subject
        status
        residentName
        unitName
        propertyName
        topicName
        lastMessageAt
        lastMessagePreview
        lastMessageAuthorName
        unreadCount
        reopenCount
      }
    }
  }
`

export const THREAD = gql`
  query InboxThread($id: ID!) {
    conversation(where: { id: $id }) {
      id
      subject
      status
      unitName
      reopenCount
      resolutionCategory
      resolutionNote
      topic {
        name
      }
    }
    conversationMessages(where: { conversation: { id: { equals: $id } } }, orderBy: { createdAt: desc }, take: 100) {
      id
      body
      isInternal
      authorName
      createdAt
    }
    conversationActivities(where: { conversation: { id: { equals: $id } } }, orderBy: { createdAt: desc }, take: 100) {
      id
      summary
      isInternal
      createdAt
    }
    conversationParticipants(where: { conversation: { id: { equals: $id } }, leftAt: { equals: null } }, take: 50) {
      id
      userName
      role
    }
  }
`

export const REPLY = gql`
  mutation InboxReply($id: ID!, $body: String!) {
    replyToConversation(conversationId: $id, body: $body) {
      id
    }
  }
`

export const NOTE = gql`
  mutation InboxNote($id: ID!, $body: String!) {
    addInternalNote(conversationId: $id, body: $body) {
      id
    }
  }
`

export const MARK_READ = gql`
  mutation InboxMarkRead($id: ID!) {
    markConversationRead(conversationId: $id) {
      id
      status
    }
  }
`

export const RESOLVE = gql`
  mutation InboxResolve($id: ID!, $category: String!, $note: String) {
    resolveConversation(conversationId: $id, category: $category, note: $note) {
      id
      status
    }
  }
`

export const ARCHIVE = gql`
  mutation InboxArchive($id: ID!) {
    archiveConversation(conversationId: $id) {
      id
      status
    }
  }
`

export const STATUSES = [
  { key: 'unread', label: 'Unread' },
  { key: 'open', label: 'Open' },
  { key: 'resolved', label: 'Resolved' },
  { key: 'archived', label: 'Archived' },
] as const

export const CATEGORIES = [
  { key: 'resolved', label: 'Resolved' },
  { key: 'noActionNeeded', label: 'No action needed' },
  { key: 'escalated', label: 'Escalated' },
  { key: 'duplicate', label: 'Duplicate' },
] as const
