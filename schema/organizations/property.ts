import { list } from '@keystone-6/core'
import { relationship, text } from '@keystone-6/core/fields'
import { holdsPermission, isSignedIn, organizationFilter } from '../shared/access'
import { organizationField } from '../shared/tenant'

export const Property = list({
  access: {
    operation: { query: isSignedIn, create: isSignedIn, update: isSignedIn, delete: isSignedIn },
    filter: {
      query: organizationFilter('organization'),
      update: organizationFilter('organization', 'manageProperties'),
      delete: organizationFilter('organization', 'manageProperties'),
    },
    item: {
      create: ({ context, inputData }) => holdsPermission(context, inputData.organization?.connect?.id, 'manageProperties'),
    },
  },
  ui: { listView: { initialColumns: ['name', 'address', 'organization'] } },
  fields: {
    organization: organizationField({ ref: 'Organization.properties' }),
    name: text({ validation: { isRequired: true } }),
    address: text(),
  },
})
