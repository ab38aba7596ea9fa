// A broadcast's reach, counted from its messages (the database is the truth): one grouped count over the
// index on Message.uniqKey. `resolved` and `queued` are the fan-out's own counters.
import { g } from '@keystone-6/core'
import { broadcastUniqKey } from './statuses'

export type Progress = { resolved: number; queued: number; pending: number; sent: number; delivered: number; read: number; failed: number; stopped: number; readRate: number }

export const BroadcastProgress = g.object<Progress>()({
  name: 'BroadcastProgress',
  fields: {
    resolved: g.field({ type: g.nonNull(g.Int), description: 'Recipients the audience held when sending started' }),
    queued: g.field({ type: g.nonNull(g.Int), description: 'Messages created (one per recipient)' }),
    pending: g.field({ type: g.nonNull(g.Int), description: 'Still being delivered (or waiting for the end of quiet hours)' }),
    sent: g.field({ type: g.nonNull(g.Int), description: 'Handed to a provider (not yet confirmed delivered or read)' }),
    delivered: g.field({ type: g.nonNull(g.Int), description: 'Confirmed delivered, not read yet' }),
    read: g.field({ type: g.nonNull(g.Int) }),
    failed: g.field({ type: g.nonNull(g.Int), description: 'No channel could deliver' }),
    stopped: g.field({ type: g.nonNull(g.Int), description: 'Stopped by a blacklist, the recipient\'s settings or a cancel' }),
    readRate: g.field({ type: g.nonNull(g.Float), description: 'read / (sent + delivered + read), 0..1' }),
  },
})

const PENDING = ['sending', 'processing']
const STOPPED = ['blacklisted', 'throttled', 'disabledByUser', 'canceled']

export async function broadcastProgress(prisma: any, broadcast: { id: string; recipientsResolved?: number | null; recipientsQueued?: number | null }): Promise<Progress> {
  const groups: { status: string; _count: { _all: number } }[] = await prisma.message.groupBy({
    by: ['status'],
    where: { uniqKey: broadcastUniqKey(String(broadcast.id)) },
    _count: { _all: true },
  })
  const count = (statuses: string[]) => groups.filter(g => statuses.includes(g.status)).reduce((sum, g) => sum + g._count._all, 0)
  const sent = count(['sent'])
  const delivered = count(['delivered'])
  const read = count(['read'])
  const reached = sent + delivered + read
  return {
    resolved: broadcast.recipientsResolved ?? 0,
    queued: broadcast.recipientsQueued ?? 0,
    pending: count(PENDING),
    sent,
    delivered,
    read,
    failed: count(['error']),
    stopped: count(STOPPED),
    readRate: reached ? read / reached : 0,
  }
}
