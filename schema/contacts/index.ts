import { addCompositeUnique } from '../shared/prisma-schema'
import { Contact } from './contact'
import { contactUniqueViolation } from './contact-duplicates'
import { ContactRole, contactRoleUniqueViolation } from './contact-role'

export const contactLists = { Contact, ContactRole }

/** Role names unique within an organization (built-ins have no organization and a unique key). */
export const contactPrismaExtensions = [addCompositeUnique('ContactRole', ['organizationId', 'nameKey'])]

/** Unique-index violations (concurrent writes) surfaced as typed errors. */
export const contactUniqueViolations = [contactUniqueViolation, contactRoleUniqueViolation]

export { seedBuiltInRoles } from './roles'
