import { list } from '@keystone-6/core'
import { checkbox, relationship } from '@keystone-6/core/fields'
import { holdsPermission, isSignedIn, organizationFilter } from '../shared/access'
import { PERMISSIONS, type Permission } from '../shared/permissions'

const permissionFields = Object.fromEntries(PERMISSIONS.map(name => [name, checkbox()])) as Record<Permission, ReturnType<typeof checkbox>>

/** Staff of an organization: one row per (user, organization); the checkboxes are the permissions. */
export const OrganizationEmployee = list({
  access: {
    operation: { query: isSignedIn, create: isSignedIn, update: isSignedIn, delete: isSignedIn },
    filter: {
      query: organizationFilter('organization'),
      update: organizationFilter('organization', 'manageEmployees'),
      delete: organizationFilter('organization', 'manageEmployees'),
    },
    item: {
      create: ({ context, inputData }) =>
        holdsPermission(context, inputData.organization?.connect?.id, 'manageEmployees'),
    },
  },
  ui: { labelField: 'id', listView: { initialColumns: ['user', 'organization', ...PERMISSIONS.slice(0, 3)] } },
  fields: {
    user: relationship({ ref: 'User.employments', many: false, ui: { hideCreate: true } }),
    organization: relationship({ ref: 'Organization.employees', many: false, ui: { hideCreate: true } }),
    ...permissionFields,
  },
  hooks: {
    validate: ({ operation, resolvedData, addValidationError }) => {
      if (operation !== 'create') return
      if (!resolvedData.user) addValidationError('An employee needs a user')
      if (!resolvedData.organization) addValidationError('An employee needs an organization')
    },
  },
})
