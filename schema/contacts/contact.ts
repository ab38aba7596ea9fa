// Contact: a person or company an organization deals with (resident, vendor, contractor).
import { list, g } from '@keystone-6/core'
import { relationship, select, text, timestamp, virtual } from '@keystone-6/core/fields'
import { archiveFields } from '../shared/archive'
import { archiveContact, restoreContact } from './contact-actions'
import { canReadContactDetails, contactDetailsAccess, contactListAccess, updatableWith } from './contact-access'
import { possibleDuplicateIds } from './contact-duplicates'
import { resolveContactInput } from './contact-input'
import { validateContact } from './contact-rules'
import { organizationField, sameOrganization } from '../shared/tenant'
import { isAdmin } from '../shared/access'

const managed = { access: { update: updatableWith('manageContacts') } }
const identity = { access: { update: updatableWith('manageContactIdentity') } }
const hiddenEverywhere = { createView: { fieldMode: 'hidden' as const }, itemView: { fieldMode: 'hidden' as const }, listView: { fieldMode: 'hidden' as const } }

export const UNIT_TYPES = ['flat', 'apartment', 'parking', 'warehouse', 'commercial'] as const
export const CONTACT_TYPES = ['resident', 'vendor', 'contractor'] as const
// Admin UI: optional text without the "Set to null" checkbox (admin/views), type-specific fields only
// while the form's type is theirs, required fields marked as the rules in contact-rules.ts require them
const OPTIONAL_TEXT = './admin/views/optional-text'
const onlyFor = (type: string) => ({ hidden: { type: { not: { equals: type } } } })
const typeOnly = (type: string) => ({ createView: { fieldMode: onlyFor(type) }, itemView: { fieldMode: onlyFor(type) } })
const forResidents = { isRequired: { type: { equals: 'resident' } } }
const options = (values: readonly string[]) => values.map(value => ({ value, label: value[0].toUpperCase() + value.slice(1) }))

export const Contact = list({
  access: contactListAccess,
  ui: {
    labelField: 'name',
    // phone and email: see contact-search.ts (any local format; only for readers of contact details)
    searchFields: ['name', 'unitName', 'phone', 'email'],
    hideDelete: true,
    listView: { initialColumns: ['name', 'type', 'role', 'property', 'unitName', 'phone', 'email'], initialSort: { field: 'name', direction: 'ASC' } },
  },
  actions: { archive: archiveContact, restore: restoreContact },
  fields: {
    organization: organizationField({ ui: { createView: { isRequired: true } } }),
    type: select({ type: 'enum', options: options(CONTACT_TYPES), defaultValue: 'resident', validation: { isRequired: true }, ...managed }),
    name: text({ validation: { isRequired: true }, ...identity }),
    phone: text({
      db: { isNullable: true },
      isIndexed: true,
      access: contactDetailsAccess,
      ui: { views: OPTIONAL_TEXT, description: 'Stored in international format (E.164); without a country code, the organization’s country is assumed' },
    }),
    email: text({ db: { isNullable: true }, isIndexed: true, access: contactDetailsAccess, ui: { views: OPTIONAL_TEXT } }),
    role: relationship(sameOrganization({ ref: 'ContactRole', many: false, ...managed }, { shared: true })),
    property: relationship(sameOrganization({ ref: 'Property', many: false, ...managed, ui: { createView: forResidents, itemView: forResidents } })),
    unitName: text({
      db: { isNullable: true },
      ...managed,
      ui: { views: OPTIONAL_TEXT, label: 'Unit', description: 'e.g. "42"; required for residents', createView: forResidents, itemView: forResidents },
    }),
    unitType: select({ type: 'enum', options: options(UNIT_TYPES), db: { isNullable: true }, ...managed, ui: { views: './admin/views/optional-select', ...typeOnly('resident') } }),
    notes: text({ ui: { displayMode: 'textarea' }, ...managed }),
    // one person, one user: set by the system when this person accepts a portal invitation or registers
    // at this unit through the app; only admins relink it by hand
    portalUser: relationship(
      sameOrganization({
        ref: 'User',
        many: false,
        access: { create: isAdmin, update: isAdmin },
        ui: { description: 'The resident account of this person (web portal and app)', itemView: { fieldPosition: 'sidebar' }, createView: { fieldMode: 'hidden' } },
      })
    ),
    serviceScope: text({ db: { isNullable: true }, ...managed, ui: { views: OPTIONAL_TEXT, description: 'What they supply or service', ...typeOnly('vendor') } }),
    paymentRoutingOwner: relationship(
      sameOrganization({ ref: 'OrganizationEmployee', many: false, ...managed, ui: { description: 'The employee who routes their payments', ...typeOnly('vendor') } })
    ),
    assignmentScope: text({ db: { isNullable: true }, ...managed, ui: { views: OPTIONAL_TEXT, description: 'What they are assigned to', ...typeOnly('contractor') } }),
    escalationOwner: relationship(
      sameOrganization({ ref: 'OrganizationEmployee', many: false, ...managed, ui: { description: 'The employee to escalate to', ...typeOnly('contractor') } })
    ),
    possibleDuplicates: virtual({
      field: g.field({
        type: g.String,
        async resolve(item: any, _args, context) {
          if (!(await canReadContactDetails({ session: context.session, context, item }))) return null
          const ids = await possibleDuplicateIds(context, { organizationId: item.organizationId, phone: item.phone, email: item.email, exceptId: String(item.id) })
          if (ids.length === 0) return 'None'
          const others = await context.sudo().db.Contact.findMany({ where: { id: { in: ids } } })
          // names and units only: the shared phone or email is what the reader already sees above
          return others.map(c => `${c.name}${c.unitName ? ` (unit ${c.unitName})` : ''} [${c.id}]`).join('; ')
        },
      }),
      ui: {
        description: 'Live contacts of this organization with the same phone or email',
        views: './admin/views/possible-duplicates',
        createView: { fieldMode: 'hidden' },
        listView: { fieldMode: 'hidden' },
        itemView: { fieldMode: 'read', fieldPosition: 'sidebar' },
      },
    }),
    ...archiveFields(),
    createdAt: timestamp({
      defaultValue: { kind: 'now' },
      access: { create: () => false, update: () => false },
      graphql: { omit: { create: true, update: true } },
      ui: { createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'read', fieldPosition: 'sidebar' } },
    }),
    liveUniqueKey: text({ isIndexed: 'unique', db: { isNullable: true }, graphql: { omit: true }, ui: hiddenEverywhere }),
  },
  hooks: {
    resolveInput: resolveContactInput as any,
    validate: validateContact as any,
  },
})
