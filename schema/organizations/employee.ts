import { g, list } from '@keystone-6/core'
import { checkbox, relationship, virtual } from '@keystone-6/core/fields'
import { holdsPermission, isSignedIn, organizationFilter } from '../shared/access'
import { typedError } from '../shared/errors'
import { PERMISSIONS, type Permission } from '../shared/permissions'
import { employmentsChanged } from '../shared/request-cache'
import { organizationField } from '../shared/tenant'

const permissionFields = Object.fromEntries(PERMISSIONS.map(name => [name, checkbox()])) as Record<Permission, ReturnType<typeof checkbox>>

const userImmutable = (): boolean => {
  throw typedError('EMPLOYEE_USER_IMMUTABLE', 'An employment never changes its user; employ the other user instead')
}

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
  // labelled by the person (a contact's payment and escalation owners are picked by it), not by a raw id
  ui: { labelField: 'label', listView: { initialColumns: ['user', 'organization', ...PERMISSIONS.slice(0, 3)] } },
  fields: {
    // the employment is what ties a user to an organization, so any user the caller can see may be employed
    user: relationship({ ref: 'User.employments', many: false, access: { update: userImmutable }, ui: { hideCreate: true, itemView: { fieldMode: 'read' } } }),
    organization: organizationField({ ref: 'Organization.employees', ui: { hideCreate: true } }),
    // the user's name: whoever reads the employment reads its user (a colleague); Prisma batches the
    // findUnique calls of one page into one query
    label: virtual({
      field: g.field({
        type: g.String,
        resolve: async (item: any, _args, context) =>
          item.userId ? ((await context.prisma.user.findUnique({ where: { id: item.userId }, select: { name: true } }))?.name ?? null) : null,
      }),
      ui: { createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'hidden' }, listView: { fieldMode: 'hidden' } },
    }),
    ...permissionFields,
  },
  hooks: {
    // permissions read earlier in the same request are stale now
    afterOperation: () => employmentsChanged(),
    validate: ({ operation, resolvedData, addValidationError }) => {
      if (operation !== 'create') return
      if (!resolvedData.user) addValidationError('An employee needs a user')
    },
  },
})
