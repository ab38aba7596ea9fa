// Archives resolved conversations CONVERSATION_ARCHIVE_AFTER_DAYS after they were resolved (plugins/messaging
// schedules it hourly). Each thread is a compare-and-set on (resolved, resolvedAt), so parallel runs and a
// resident's reply at the same moment agree; every archive is an activity entry.
import type { KeystoneContext } from '@keystone-6/core/types'
import { recordActivity } from '../schema/messaging/audience'
import { defineTask } from './define'

type Tx = any

/** resolved threads whose resolution is older than the setting, in pages; returns how many. */
export async function archiveResolved(context: KeystoneContext<any>, options: { archiveAfterDays: number; now: Date; batch?: number }) {
  const prisma = context.sudo().prisma
  const before = new Date(options.now.getTime() - options.archiveAfterDays * 24 * 60 * 60 * 1000)
  let archived = 0
  for (;;) {
    const due: { id: string; organizationId: string }[] = await prisma.conversation.findMany({
      where: { status: 'resolved', resolvedAt: { lt: before } },
      select: { id: true, organizationId: true },
      take: options.batch ?? 200,
    })
    if (due.length === 0) return archived
    for (const row of due) {
      await prisma.$transaction(async (tx: Tx) => {
        const done = await tx.conversation.updateMany({ where: { id: row.id, status: 'resolved', resolvedAt: { lt: before } }, data: { status: 'archived', archivedAt: options.now } })
        if (done.count === 1) {
          archived++
          await recordActivity(tx, { organizationId: row.organizationId, conversationId: row.id, kind: 'archived', summary: `Archived ${options.archiveAfterDays} days after it was resolved`, details: { from: 'resolved' }, at: options.now })
        }
      })
    }
  }
}

export function archiveConversationsTask(options: { archiveAfterDays: number; now?: () => Date }) {
  return defineTask<Record<string, never>>({
    name: 'archiveConversations',
    run: (_payload, { context }) => archiveResolved(context, { archiveAfterDays: options.archiveAfterDays, now: (options.now ?? (() => new Date()))() }),
  })
}
