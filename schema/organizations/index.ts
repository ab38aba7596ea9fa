import { addCompositeUnique } from '../shared/prisma-schema'
import { OrganizationEmployee } from './employee'
import { Organization } from './organization'
import { Property } from './property'
import { User } from './user'

export const organizationLists = { User, Organization, OrganizationEmployee, Property }

/** One employment per (user, organization), enforced by the database. */
export const organizationPrismaExtensions = [addCompositeUnique('OrganizationEmployee', ['userId', 'organizationId'])]
