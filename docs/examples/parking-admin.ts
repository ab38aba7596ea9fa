// The Admin UI part of a feature: a navigation entry for its own page and a dashboard card. The page
// itself is a file in admin/pages/ (see parking-admin-page.tsx); both contributions are plain values.
import { definePlugin, type DashboardCard } from '../../plugins/kernel'

/** Counted with the signed-in staff member's context: only the properties they may read count. */
export const propertiesWithoutAddressCard: DashboardCard = {
  key: 'parkingPropertiesWithoutAddress',
  title: 'Properties without an address',
  order: 50,
  async load(context) {
    const where = { address: { equals: '' } }
    const [count, first] = await Promise.all([context.db.Property.count({ where }), context.db.Property.findMany({ where, take: 5, orderBy: { name: 'asc' } })])
    return { count, href: '/properties', items: first.map(p => ({ label: String(p.name), href: `/properties/${p.id}` })) }
  },
}

export function parkingAdminPlugin() {
  return definePlugin({
    name: 'parking-admin',
    contributes: {
      // `group` is one of contacts, residents, messages, organization, settings, system; `order` sorts within it
      adminLinks: [{ href: '/parking', label: 'Parking', group: 'organization', order: 25 }],
      dashboardCards: [propertiesWithoutAddressCard],
    },
  })
}
