// The cast of an access matrix, around one organization: every kind of caller the rules tell apart.
// `resident` lives at a property of the organization, `otherResident` at one of the other organization;
// `staffWithPermission` holds exactly the permissions the list under test needs; the other
// organization's staff hold every permission (there), so a refusal is the boundary's, not a missing
// checkbox's.
import type { KeystoneContext } from '@keystone-6/core/types'
import { PERMISSIONS, type Permission } from '../../schema/shared/permissions'
import { createOrganization, createProperty, createStaff, createUser } from './factories'

export const CAST = ['anonymous', 'resident', 'otherResident', 'staffWithoutPermission', 'staffWithPermission', 'otherOrganizationStaff', 'admin'] as const
export type CastRole = (typeof CAST)[number]

async function residentOf(context: KeystoneContext<any>, organizationId: string) {
  const user = await createUser(context, { type: 'resident' })
  const property = await createProperty(context, organizationId)
  await context.sudo().db.Resident.createOne({
    data: {
      user: { connect: { id: user.id } },
      organization: { connect: { id: organizationId } },
      property: { connect: { id: property.id } },
      unitName: '1',
      unitType: 'flat',
    },
  })
  return user
}

export async function accessCast(context: KeystoneContext<any>, permissions: readonly Permission[]) {
  const organization = await createOrganization(context)
  const otherOrganization = await createOrganization(context)
  const users: Record<CastRole, { id: string; email?: string | null } | undefined> = {
    anonymous: undefined,
    resident: await residentOf(context, organization.id),
    otherResident: await residentOf(context, otherOrganization.id),
    staffWithoutPermission: await createStaff(context, organization.id, []),
    staffWithPermission: await createStaff(context, organization.id, [...permissions]),
    otherOrganizationStaff: await createStaff(context, otherOrganization.id, [...PERMISSIONS]),
    admin: await createUser(context, { isAdmin: true }),
  }
  return { organization, otherOrganization, users }
}
