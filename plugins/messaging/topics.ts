// The default topics (Billing, Maintenance, Parking, General), seeded once per organization: when it is
// created, and at start-up for organizations that existed before messaging (idempotent by the unique
// (organization, key) index, so parallel starts agree).
import type { KeystoneContext } from '@keystone-6/core/types'
import { DEFAULT_TOPICS } from '../../schema/messaging'
import type { ListHooks } from '../kernel/types'
import { isUniqueViolation } from '../../adapters/database/unique-violation'

export async function seedTopicsFor(context: KeystoneContext<any>, organizationId: string) {
  const prisma = context.sudo().prisma
  const existing = await prisma.conversationTopic.findMany({ where: { organizationId, key: { not: null } }, select: { key: true } })
  const have = new Set(existing.map((row: { key: string }) => row.key))
  for (const topic of DEFAULT_TOPICS) {
    if (have.has(topic.key)) continue
    // a parallel start may have seeded it a moment ago: the unique index decides
    await prisma.conversationTopic
      .create({ data: { organizationId, key: topic.key, name: topic.name, order: topic.order } })
      .catch((error: any) => {
        if (!isUniqueViolation(error)) throw error
      })
  }
}

/** Organizations without their default topics get them (start-up backfill, in pages). */
export async function seedTopics(context: KeystoneContext<any>) {
  const prisma = context.sudo().prisma
  let cursor: string | undefined
  for (;;) {
    const page: { id: string }[] = await prisma.organization.findMany({
      select: { id: true },
      orderBy: { id: 'asc' },
      take: 500,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    })
    if (page.length === 0) return
    const seeded = await prisma.conversationTopic.groupBy({ by: ['organizationId'], where: { organizationId: { in: page.map(o => o.id) }, key: { not: null } }, _count: true })
    const complete = new Set(seeded.filter((row: any) => row._count >= DEFAULT_TOPICS.length).map((row: any) => row.organizationId))
    for (const { id } of page) if (!complete.has(id)) await seedTopicsFor(context, id)
    cursor = page[page.length - 1].id
  }
}

export const seedTopicsOnOrganizationCreate: ListHooks = {
  afterOperation: async ({ operation, item, context }: any) => {
    if (operation === 'create' && item) await seedTopicsFor(context, String(item.id))
  },
}
