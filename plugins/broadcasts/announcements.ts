// The resident's side: the broadcasts that reached them, newest first, with their read state. Each is
// the resident's own Message of a broadcast type; marking it read is markMessageRead's job.
import type { KeystoneContext } from '@keystone-6/core/types'
import { BROADCAST_TYPE, broadcastIdOf, EMERGENCY_BROADCAST_TYPE } from '../../schema/broadcasts'
import { typedError } from '../../schema/shared/errors'
import { signedIn } from '../notifications/staff-send'

export type Announcement = { id: string; broadcastId: string | null; title: string; body: string; bodyHtml: string; kind: string; publishedAt: Date; readAt: Date | null }

/**
 * Only a cancel takes a broadcast out of the feed. The feed is a page of the app the resident opens, not a
 * send: a blacklist (an SMS opt-out by phone, an entry naming the resident), quiet hours or a channel
 * turned off stop the push, SMS, email or Telegram message, never the resident reading their building's
 * announcements there.
 */
const NOT_REACHED = ['canceled']
const MAX_PAGE = 100

const mine = (userId: string) => ({ userId, type: { in: [BROADCAST_TYPE, EMERGENCY_BROADCAST_TYPE] }, status: { notIn: NOT_REACHED } })

export async function myAnnouncements(context: KeystoneContext<any>, take: number, skip: number): Promise<Announcement[]> {
  const session = signedIn(context)
  if (take < 1 || take > MAX_PAGE || skip < 0) throw typedError('WRONG_PAGE', `take is 1..${MAX_PAGE} and skip >= 0`)
  const rows: any[] = await (context.sudo().prisma as any).message.findMany({
    where: mine(session.itemId),
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
    skip,
    select: { id: true, type: true, uniqKey: true, meta: true, createdAt: true, readAt: true },
  })
  return rows.map(row => ({
    id: row.id,
    broadcastId: broadcastIdOf(row.uniqKey),
    title: row.meta?.title ?? '',
    body: row.meta?.body ?? '',
    bodyHtml: row.meta?.html ?? '',
    kind: row.type === EMERGENCY_BROADCAST_TYPE ? 'emergency' : 'regular',
    publishedAt: row.createdAt,
    readAt: row.readAt,
  }))
}

export function myUnreadAnnouncements(context: KeystoneContext<any>) {
  const session = signedIn(context)
  return (context.sudo().prisma as any).message.count({ where: { ...mine(session.itemId), readAt: null } })
}
