import { definePlugin } from '../kernel'
import { organizationLists, organizationPrismaExtensions } from '../../schema/organizations'

/** The core lists every other plugin builds on: User, Organization, OrganizationEmployee, Property. */
export function organizationsPlugin() {
  return definePlugin({
    name: 'organizations',
    lists: organizationLists,
    extendPrismaSchema: schema => organizationPrismaExtensions.reduce((s, extend) => extend(s), schema),
  })
}
