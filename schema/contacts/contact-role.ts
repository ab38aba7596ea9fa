// ContactRole: built-in roles (no organization, a `key`, read-only except for admins) shared by all,
// and an organization's own roles, managed by its staff with manageContacts, names unique within it.
import { list, g } from '@keystone-6/core'
import { relationship, text, virtual } from '@keystone-6/core/fields'
import { employeeOf, holdsPermission, isAdmin, isSignedIn, isStaff } from '../shared/access'
import { typedError } from '../shared/errors'
import { requestLocale } from '../shared/locale'
import { normalizeName } from '../shared/normalize'
import type { Session } from '../shared/session'
import type { UniqueViolationRule } from '../shared/unique-violations'
import { resolvedRelationId } from './contact-key'
import { roleName } from './roles'
import { organizationField } from '../shared/tenant'

type Args = { session?: Session; context?: any; inputData?: any }

const BUILT_IN = { organization: null }

function queryFilter({ session }: Args) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  if (session.data?.type === 'staff') return { OR: [BUILT_IN, { organization: employeeOf(session) }] }
  return BUILT_IN
}

/** Built-ins (no organization) only for admins; an organization's roles for its staff with manageContacts. */
function manageFilter({ session }: Args) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  return { organization: employeeOf(session, 'manageContacts') }
}

export function roleDuplicateError() {
  return typedError('CONTACT_ROLE_DUPLICATE_ERROR', 'The organization already has a contact role with this name', { field: 'name' })
}

export const contactRoleUniqueViolation: UniqueViolationRule = {
  model: 'ContactRole',
  fields: ['nameKey'],
  toError: () => roleDuplicateError(),
}

const adminOnly = { create: isAdmin, update: isAdmin }

export const ContactRole = list({
  access: {
    operation: { query: isSignedIn, create: isStaff, update: isStaff, delete: isStaff },
    filter: { query: queryFilter, update: manageFilter, delete: manageFilter },
    item: {
      create: ({ context, inputData }: Args) => {
        const organizationId = inputData?.organization?.connect?.id
        return organizationId ? holdsPermission(context, organizationId, 'manageContacts') : isAdmin({ session: context.session })
      },
    },
  },
  ui: {
    labelField: 'label',
    searchFields: ['name'],
    listView: { initialColumns: ['label', 'key', 'organization'] },
  },
  fields: {
    label: virtual({
      field: g.field({
        type: g.String,
        resolve: (item: any, _args, context) => roleName(item, requestLocale(context)),
      }),
      ui: { description: "The role's name in the language of your browser", createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'hidden' } },
    }),
    name: text({ validation: { isRequired: true }, ui: { description: 'For built-in roles: the English name (other languages come from the code)' } }),
    key: text({
      isIndexed: 'unique',
      db: { isNullable: true },
      access: adminOnly,
      ui: { description: 'Set for built-in roles only', createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'read' } },
    }),
    organization: organizationField({ optional: true, ui: { description: 'Empty for built-in roles, shared by every organization' } }),
    // lowercased name: the unique index (organizationId, nameKey) makes names unique per organization
    nameKey: text({ db: { isNullable: true }, graphql: { omit: true }, ui: { createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'hidden' }, listView: { fieldMode: 'hidden' } } }),
  },
  hooks: {
    resolveInput: ({ resolvedData }: any) => {
      if (typeof resolvedData.name !== 'string') return resolvedData
      const name = normalizeName(resolvedData.name)
      return { ...resolvedData, name, nameKey: name.toLowerCase() }
    },
    validate: async ({ operation, resolvedData, item, context }: any) => {
      if (operation === 'delete') return
      if (resolvedData.name !== undefined && !resolvedData.name) throw typedError('CONTACT_ROLE_NAME_REQUIRED', 'A contact role needs a name', { field: 'name' })
      const organizationId = resolvedRelationId(resolvedData.organization, item?.organizationId)
      const nameKey = resolvedData.nameKey
      if (!organizationId || !nameKey) return
      const existing = await context.prisma.contactRole.findFirst({
        where: { organizationId, nameKey, ...(item ? { id: { not: item.id } } : {}) },
        select: { id: true },
      })
      if (existing) throw roleDuplicateError()
    },
  },
})
