// Factories for the core lists: each test states only what matters to it.
import type { KeystoneContext } from '@keystone-6/core/types'
import type { Permission } from '../../schema/shared/permissions'
import type { Session, UserType } from '../../schema/shared/session'

let sequence = 0
const next = () => ++sequence

export async function createOrganization(context: KeystoneContext<any>, data: { name?: string; country?: string } = {}) {
  return context.sudo().db.Organization.createOne({ data: { name: `Org ${next()}`, country: 'US', ...data } })
}

export async function createProperty(context: KeystoneContext<any>, organizationId: string, data: { name?: string } = {}) {
  return context.sudo().db.Property.createOne({
    data: { name: `Property ${next()}`, address: '1 Main St', organization: { connect: { id: organizationId } }, ...data },
  })
}

export async function createUser(
  context: KeystoneContext<any>,
  data: { name?: string; email?: string; phone?: string; password?: string; type?: UserType; isAdmin?: boolean } = {}
) {
  const n = next()
  return context.sudo().db.User.createOne({
    data: { name: `User ${n}`, email: `user${n}-${process.pid}@test.example`, password: 'password-123', type: 'staff', ...data },
  })
}

/** A staff user employed by the organization with exactly these permissions. */
export async function createStaff(context: KeystoneContext<any>, organizationId: string, permissions: Permission[] = []) {
  const user = await createUser(context, { type: 'staff' })
  await context.sudo().db.OrganizationEmployee.createOne({
    data: {
      user: { connect: { id: user.id } },
      organization: { connect: { id: organizationId } },
      ...Object.fromEntries(permissions.map(p => [p, true])),
    },
  })
  return user
}

export function sessionFor(user: { id: string; name: string; type: string; isAdmin: boolean }): Session {
  return { listKey: 'User', itemId: user.id, data: { id: user.id, name: user.name, type: user.type as UserType, isAdmin: user.isAdmin } }
}

/** The context a request from this user would get. */
export function as(context: KeystoneContext<any>, user: Parameters<typeof sessionFor>[0] | undefined) {
  return context.withSession(user ? sessionFor(user) : undefined)
}
