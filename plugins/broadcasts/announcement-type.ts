import { g } from '@keystone-6/core'
import type { Announcement } from './announcements'

export const announcementType = g.object<Announcement>()({
  name: 'Announcement',
  fields: {
    id: g.field({ type: g.nonNull(g.ID), description: 'The resident\'s message: markMessageRead(id) marks it read' }),
    broadcastId: g.field({ type: g.ID }),
    title: g.field({ type: g.nonNull(g.String) }),
    body: g.field({ type: g.nonNull(g.String), description: 'Plain text' }),
    bodyHtml: g.field({ type: g.nonNull(g.String), description: 'Formatted (made from escaped text: safe to insert)' }),
    kind: g.field({ type: g.nonNull(g.String), description: 'regular or emergency' }),
    publishedAt: g.field({ type: g.nonNull(g.DateTime) }),
    readAt: g.field({ type: g.DateTime }),
    isRead: g.field({ type: g.nonNull(g.Boolean), resolve: item => !!item.readAt }),
  },
})
