// The audit trail's entries and their audience: who takes part now (internal entries: the staff among
// them), like a message's: someone added later does not see what happened before them.
import type { ActivityKind } from './statuses'

type Tx = any

export async function currentAudience(tx: Tx, conversationId: string, staffOnly: boolean): Promise<string[]> {
  const stints = await tx.conversationParticipant.findMany({
    where: { conversationId, leftAt: null, ...(staffOnly ? { role: 'staff' } : {}) },
    select: { userId: true },
  })
  return [...new Set<string>(stints.map((s: { userId: string }) => s.userId))]
}

export async function recordActivity(
  tx: Tx,
  entry: {
    organizationId: string
    conversationId: string
    kind: ActivityKind
    summary: string
    actorId?: string | null
    subjectId?: string | null
    details?: Record<string, unknown>
    isInternal?: boolean
    at?: Date
  }
) {
  const audience = await currentAudience(tx, entry.conversationId, !!entry.isInternal)
  return tx.conversationActivity.create({
    data: {
      organizationId: entry.organizationId,
      conversationId: entry.conversationId,
      kind: entry.kind,
      summary: entry.summary,
      actorId: entry.actorId ?? null,
      subjectId: entry.subjectId ?? null,
      details: entry.details ?? {},
      isInternal: !!entry.isInternal,
      audience: { connect: audience.map(id => ({ id })) },
      ...(entry.at ? { createdAt: entry.at } : {}),
    },
  })
}
