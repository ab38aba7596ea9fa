import { list } from '@keystone-6/core'
import { relationship, text } from '@keystone-6/core/fields'
import { holdsPermission, isSignedIn, organizationFilter } from '../shared/access'

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
    organization: relationship({ ref: 'Organization.properties', many: false }),
    name: text({ validation: { isRequired: true } }),
    address: text(),
  },
  hooks: {
    validate: ({ operation, resolvedData, addValidationError }) => {
      if (operation === 'create' && !resolvedData.organization) addValidationError('A property needs an organization')
    },
  },
})
