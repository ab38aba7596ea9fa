// A broadcast's reach, counted from its messages (the database is the truth): one grouped count over the
// index on Message.uniqKey. `resolved` and `queued` are the fan-out's own counters.
import { g } from '@keystone-6/core'
import { broadcastUniqKey } from './statuses'

export type Progress = { resolved: number; queued: number; pending: number; sent: number; delivered: number; read: number; failed: number; stopped: number; readRate: number }
type Counted = Progress & { uniqKey: string; prisma: any }
type ChannelProgress = { channel: string; sent: number; failed: number }

const BroadcastChannelProgress = g.object<ChannelProgress>()({
  name: 'BroadcastChannelProgress',
  fields: {
    channel: g.field({ type: g.nonNull(g.String) }),
    sent: g.field({ type: g.nonNull(g.Int), description: 'Recipients this channel handed the broadcast to (at least one address)' }),
    failed: g.field({ type: g.nonNull(g.Int), description: 'Recipients this channel tried and failed for (every address)' }),
  },
})

export const BroadcastProgress = g.object<Counted>()({
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
    // counted only when asked (a few counts over the broadcast's messages): the page polls the rest
    channels: g.field({
      type: g.nonNull(g.list(g.nonNull(BroadcastChannelProgress))),
      description: 'Per channel that was tried, by name: recipients it reached and recipients it failed',
      resolve: progress => channelProgress(progress.prisma, progress.uniqKey),
    }),
    unreachable: g.field({
      type: g.nonNull(g.Int),
      description: 'Recipients whose message ended with no channel able to try (no push token, chat or email): the feed only',
      resolve: progress => progress.prisma.message.count({ where: { uniqKey: progress.uniqKey, status: 'error', deliveries: { none: {} } } }),
    }),
  },
})

const PENDING = ['sending', 'processing']
const STOPPED = ['blacklisted', 'throttled', 'disabledByUser', 'canceled']

export async function broadcastProgress(prisma: any, broadcast: { id: string; recipientsResolved?: number | null; recipientsQueued?: number | null }): Promise<Counted> {
  const uniqKey = broadcastUniqKey(String(broadcast.id))
  const groups: { status: string; _count: { _all: number } }[] = await prisma.message.groupBy({
    by: ['status'],
    where: { uniqKey },
    _count: { _all: true },
  })
  const count = (statuses: string[]) => groups.filter(g => statuses.includes(g.status)).reduce((sum, g) => sum + g._count._all, 0)
  const sent = count(['sent'])
  const delivered = count(['delivered'])
  const read = count(['read'])
  const reached = sent + delivered + read
  return {
    prisma,
    uniqKey,
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

const FAILED = ['failed', 'invalidAddress']

async function channelProgress(prisma: any, uniqKey: string): Promise<ChannelProgress[]> {
  const tried: { channel: string }[] = await prisma.messageDelivery.groupBy({ by: ['channel'], where: { message: { uniqKey } }, orderBy: { channel: 'asc' } })
  return Promise.all(
    tried.map(async ({ channel }) => {
      const [sent, failed] = await Promise.all([
        prisma.message.count({ where: { uniqKey, deliveries: { some: { channel, status: 'sent' } } } }),
        prisma.message.count({ where: { uniqKey, AND: [{ deliveries: { some: { channel, status: { in: FAILED } } } }, { deliveries: { none: { channel, status: 'sent' } } }] } }),
      ])
      return { channel, sent, failed }
    })
  )
}
