import { addCompositeIndex, addCompositeUnique } from '../shared/prisma-schema'
import { Contact } from './contact'
import { contactUniqueViolation } from './contact-duplicates'
import { ContactRole, contactRoleUniqueViolation } from './contact-role'

export const contactLists = { Contact, ContactRole }

export const contactPrismaExtensions = [
  // role names unique within an organization (built-ins have no organization and a unique key)
  addCompositeUnique('ContactRole', ['organizationId', 'nameKey']),
  // the staff list: an organization's contacts by name, a page at a time
  addCompositeIndex('Contact', ['organizationId', 'name']),
]

/** Unique-index violations (concurrent writes) surfaced as typed errors. */
export const contactUniqueViolations = [contactUniqueViolation, contactRoleUniqueViolation]

export { seedBuiltInRoles } from './roles'
