// The dashboard card of contacts: live contacts that share a phone or an email with another live contact of
// their organization. Phone and email are sensitive, so only organizations where the staff member holds
// readContacts count (admins: all); the grouping runs in the database (Prisma groupBy), not row by row.
import type { KeystoneContext } from '@keystone-6/core/types'
import type { Session } from '../../schema/shared/session'
import type { DashboardCard } from '../kernel'

/** More groups than this and the card counts the first ones only (a dashboard, not a report). */
const MAX_GROUPS = 500

async function readableOrganizations(context: KeystoneContext<any>): Promise<string[] | 'all'> {
  const session = context.session as Session | undefined
  if (!session) return []
  if (session.data?.isAdmin) return 'all'
  if (session.data?.type !== 'staff') return []
  const rows = await context.sudo().prisma.organizationEmployee.findMany({ where: { userId: session.itemId, readContacts: true }, select: { organizationId: true } })
  return rows.map((row: { organizationId: string }) => row.organizationId)
}

export const possibleDuplicatesCard: DashboardCard = {
  key: 'possibleDuplicates',
  title: 'Contacts with possible duplicates',
  order: 20,
  async load(context) {
    const organizations = await readableOrganizations(context)
    if (organizations !== 'all' && organizations.length === 0) return { count: 0, items: [] }
    const live = { archivedAt: null, ...(organizations === 'all' ? {} : { organizationId: { in: organizations } }) }
    const prisma = context.sudo().prisma
    const shared = async (field: 'phone' | 'email') =>
      (
        await prisma.contact.groupBy({
          by: ['organizationId', field],
          where: { ...live, [field]: { not: null } },
          having: { id: { _count: { gt: 1 } } },
          orderBy: { organizationId: 'asc' },
          take: MAX_GROUPS,
        })
      ).map((group: any) => ({ organizationId: group.organizationId, [field]: group[field] }))
    const groups = [...(await shared('phone')), ...(await shared('email'))]
    if (groups.length === 0) return { count: 0, items: [] }
    const where = { ...live, OR: groups }
    const [count, first] = await Promise.all([
      prisma.contact.count({ where }),
      prisma.contact.findMany({ where, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: 5, select: { id: true, name: true, unitName: true } }),
    ])
    return {
      count,
      items: first.map((contact: { id: string; name: string; unitName: string | null }) => ({
        label: contact.unitName ? `${contact.name} (unit ${contact.unitName})` : contact.name,
        href: `/contacts/${contact.id}`,
      })),
    }
  },
}
