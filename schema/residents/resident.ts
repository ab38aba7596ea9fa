import { list } from '@keystone-6/core'
import { graphql } from '@keystone-6/core'
import { relationship, select, text, timestamp, virtual } from '@keystone-6/core/fields'
import { isAdmin, isSignedIn, organizationFilter } from '../shared/access'
import { normalizeName } from '../shared/normalize'
import type { Session } from '../shared/session'
import { UNIT_TYPES } from '../contacts/contact'
import { organizationField, sameOrganization } from '../shared/tenant'

type Args = { session?: Session; context: any }

/** Residents read their own registrations; staff of the organization (readContacts) read its residents. */
function residentFilter(args: Args) {
  const { session } = args
  if (!session) return false
  if (session.data?.type === 'resident') return { user: { id: { equals: session.itemId } } }
  return organizationFilter('organization', 'readContacts')(args)
}

function propertyOf(item: any, context: any) {
  return item.propertyId ? context.sudo().db.Property.findOne({ where: { id: item.propertyId } }) : Promise.resolve(null)
}

const readOnly = { createView: { fieldMode: 'hidden' as const }, itemView: { fieldMode: 'read' as const } }

/**
 * A resident user registered at a unit of a property. Created only through `registerResident`
 * (idempotent: one row per user, property, unit and unit type, enforced by a unique index).
 */
export const Resident = list({
  access: {
    operation: { query: isSignedIn, create: isAdmin, update: isAdmin, delete: isAdmin },
    filter: { query: residentFilter },
  },
  hooks: {
    // the unit key is derived, whoever writes the unit name (registerResident or an admin)
    resolveInput: ({ resolvedData }) => {
      if (typeof resolvedData.unitName !== 'string') return resolvedData
      const unitName = normalizeName(resolvedData.unitName)
      return { ...resolvedData, unitName, unitKey: unitName.toLowerCase() }
    },
  },
  // residents are created by the registration flow (registerResident) and portal invitations, not by hand
  ui: { hideCreate: true, labelField: 'unitName', listView: { initialColumns: ['user', 'property', 'unitName', 'unitType', 'contact'] } },
  fields: {
    // the residence is what ties a user to an organization, so the user is not checked against it
    user: relationship({ ref: 'User.residences', many: false, ui: readOnly }),
    organization: organizationField({ ui: readOnly }),
    property: relationship(sameOrganization({ ref: 'Property', many: false, ui: readOnly })),
    unitName: text({ validation: { isRequired: true }, ui: readOnly }),
    /** Lowercased unit: "42A" and "42a" are one unit. */
    unitKey: text({ graphql: { omit: true }, ui: { createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'hidden' }, listView: { fieldMode: 'hidden' } } }),
    unitType: select({ type: 'enum', options: UNIT_TYPES.map(value => ({ label: value, value })), validation: { isRequired: true }, ui: readOnly }),
    contact: relationship(sameOrganization({ ref: 'Contact', many: false, ui: readOnly })),
    createdAt: timestamp({ defaultValue: { kind: 'now' }, ui: readOnly }),
    // Property access stays the organization's; a resident still sees where they live through these
    propertyName: virtual({ field: graphql.field({ type: graphql.String, resolve: (item, _, context) => propertyOf(item, context).then((p: any) => p?.name ?? null) }), ui: { itemView: { fieldMode: 'hidden' }, listView: { fieldMode: 'hidden' } } }),
    propertyAddress: virtual({ field: graphql.field({ type: graphql.String, resolve: (item, _, context) => propertyOf(item, context).then((p: any) => p?.address ?? null) }), ui: { itemView: { fieldMode: 'hidden' }, listView: { fieldMode: 'hidden' } } }),
  },
})
