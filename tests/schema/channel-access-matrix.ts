// The access matrix of the channel plugins' lists: anonymous, the owning resident, another resident,
// staff (holding every permission in an organization) and an admin; read, create, update, delete each.
import type { KeystoneContext } from '@keystone-6/core/types'
import { PERMISSIONS } from '../../schema/shared/permissions'
import { crudAccess, matrixFor, type Case as MatrixCase } from '../harness/access-matrix'
import type { TestApp } from '../harness/app'
import { as, createOrganization, createStaff, createUser } from '../harness/factories'

export const ROLES = ['anonymous', 'owner', 'otherResident', 'staff', 'admin'] as const
export type Role = (typeof ROLES)[number]
export const { only, nobody } = matrixFor(ROLES)

/** A case whose item belongs to an owner (the `owner` role's user). */
export type Case = Omit<MatrixCase<Role>, 'item'> & { item: (ownerId: string) => Promise<{ id: string }> }

export async function roleContexts(app: TestApp) {
  const org = await createOrganization(app.context)
  const owner = await createUser(app.context, { type: 'resident' })
  const users = {
    anonymous: undefined,
    owner,
    otherResident: await createUser(app.context, { type: 'resident' }),
    staff: await createStaff(app.context, org.id, [...PERMISSIONS]),
    admin: await createUser(app.context, { isAdmin: true }),
  }
  const ctx = {} as Record<Role, KeystoneContext<any>>
  for (const role of ROLES) ctx[role] = as(app.context, users[role] as any)
  return { ctx, ownerId: owner.id }
}

export function accessOf(ctx: KeystoneContext<any>, c: Case, ownerId: string) {
  return crudAccess(ctx, { ...c, item: () => c.item(ownerId) })
}
