// The dashboard card of the pipeline: messages that ended in `error` in the last 24 hours, counted with the
// staff member's own context (Message's access: staff holding manageMessages see their organizations').
import type { DashboardCard } from '../kernel'

const DAY_MS = 24 * 60 * 60 * 1000

export const failedMessagesCard: DashboardCard = {
  key: 'failedMessages',
  title: 'Messages that failed in the last 24 hours',
  order: 10,
  async load(context) {
    const where = { status: { equals: 'error' }, createdAt: { gte: new Date(Date.now() - DAY_MS).toISOString() } }
    const [count, latest] = await Promise.all([
      context.db.Message.count({ where }),
      context.db.Message.findMany({ where, orderBy: { createdAt: 'desc' }, take: 5 }),
    ])
    return {
      count,
      href: `/messages?!status_matches=${encodeURIComponent(JSON.stringify(['error']))}`,
      items: latest.map((message: any) => ({
        label: `${message.type} · ${new Date(message.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
        href: `/messages/${message.id}`,
      })),
    }
  },
}
