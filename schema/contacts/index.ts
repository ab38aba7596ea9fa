import { addCompositeIndex, addCompositeUnique, addTrigramIndex } from '../shared/prisma-schema'
import { Contact } from './contact'
import { contactUniqueViolation } from './contact-duplicates'
import { ContactRole, contactRoleUniqueViolation } from './contact-role'

export const contactLists = { Contact, ContactRole }

export const contactPrismaExtensions = [
  // role names unique within an organization (built-ins have no organization and a unique key)
  addCompositeUnique('ContactRole', ['organizationId', 'nameKey']),
  // the staff list: an organization's contacts by name, a page at a time
  addCompositeIndex('Contact', ['organizationId', 'name']),
  // the Admin UI's search box: an OR of name, unit, phone and email conditions (contact-search.ts) is an
  // index lookup only when every branch has an index (name's trigram index comes with the inbox search;
  // phone is an `in` over its btree index): otherwise the whole OR scans the organization's contacts
  addTrigramIndex('Contact', 'unitName'),
  addTrigramIndex('Contact', 'email'),
]

/** Unique-index violations (concurrent writes) surfaced as typed errors. */
export const contactUniqueViolations = [contactUniqueViolation, contactRoleUniqueViolation]

export { seedBuiltInRoles } from './roles'
