import { definePlugin } from '../kernel'
import { contactLists, contactPrismaExtensions, contactUniqueViolations, seedBuiltInRoles } from '../../schema/contacts'
import { extendContactsGraphql } from '../../schema/contacts/graphql'
import { mapUniqueViolations } from '../../schema/shared/unique-violations'
import { possibleDuplicatesCard } from './dashboard'

/**
 * Contacts and contact roles (issue 4): normalized identity, live uniqueness, archive instead of
 * delete, guarded identity edits and sensitive fields, built-in roles seeded on start.
 * The audit history of identity edits comes from the audit-history plugin (see config.ts).
 */
export function contactsPlugin() {
  return definePlugin({
    name: 'contacts',
    requires: ['organizations'],
    lists: contactLists,
    extendPrismaSchema: schema => contactPrismaExtensions.reduce((s, extend) => extend(s), schema),
    extendPrismaClient: mapUniqueViolations(contactUniqueViolations),
    extendGraphqlSchema: extendContactsGraphql,
    onConnect: seedBuiltInRoles,
    contributes: { dashboardCards: [possibleDuplicatesCard] },
  })
}
