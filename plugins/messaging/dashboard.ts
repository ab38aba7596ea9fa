// Messaging's Admin UI contributions: the inbox page in the sidebar and the "unread conversations" card,
// counted with the staff member's own context (the Conversation list's visibility).
import type { AdminLink, DashboardCard } from '../kernel'

export const messagingAdminLinks: AdminLink[] = [
  { href: '/inbox', label: 'Inbox', group: 'messages', order: 1 },
  { href: '/conversations', label: 'Conversations', group: 'messages', order: 2 },
  { href: '/conversation-topics', label: 'Conversation topics', group: 'settings', order: 30 },
]

export const unreadConversationsCard: DashboardCard = {
  key: 'unreadConversations',
  title: 'Unread conversations with residents',
  order: 5,
  async load(context) {
    const where = { status: { equals: 'unread' } }
    const [count, latest] = await Promise.all([
      context.db.Conversation.count({ where }),
      context.db.Conversation.findMany({ where, orderBy: [{ lastMessageAt: 'desc' }], take: 5 }),
    ])
    return {
      count,
      href: '/inbox',
      items: latest.map((conversation: any) => ({ label: String(conversation.subject), href: `/inbox?conversation=${conversation.id}` })),
    }
  },
}
