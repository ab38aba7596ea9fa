// plugins/parking/index.ts
import { list } from '@keystone-6/core'
import { relationship, text } from '@keystone-6/core/fields'
import { definePlugin } from '../../plugins/kernel'
import { holdsPermission, isSignedIn, isStaff, organizationFilter } from '../../schema/shared/access'
import { typedError } from '../../schema/shared/errors'
import { organizationField, sameOrganization } from '../../schema/shared/tenant'

export function parkingPlugin() {
  return definePlugin({
    name: 'parking',
    requires: ['organizations'],
    lists: {
      ParkingSpot: list({
        access: {
          operation: { query: isSignedIn, create: isStaff, update: isStaff, delete: isStaff },
          filter: {
            query: organizationFilter('organization'), // staff of its organization; residents see none
            update: organizationFilter('organization', 'manageProperties'),
            delete: organizationFilter('organization', 'manageProperties'),
          },
          // creating needs the permission too, in the organization the spot is created in
          item: { create: ({ context, inputData }) => holdsPermission(context, inputData.organization?.connect?.id, 'manageProperties') },
        },
        fields: {
          organization: organizationField(), // required on create, never changes
          property: relationship(sameOrganization({ ref: 'Property' })), // only this organization's properties
          label: text({ validation: { isRequired: true } }),
        },
      }),
    },
    // hooks and access on someone else's list are composed with theirs (access is AND-ed)
    extendLists: {
      Property: {
        hooks: {
          validate: {
            delete: async ({ item, context }) => {
              const spots = await context.sudo().db.ParkingSpot.count({ where: { property: { id: { equals: String(item.id) } } } })
              if (spots > 0) throw typedError('PROPERTY_HAS_PARKING_SPOTS', `The property still has ${spots} parking spot(s); delete them first`)
            },
          },
        },
      },
    },
  })
}
