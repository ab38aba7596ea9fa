// The access matrix of the channel plugins' lists: anonymous, the owning resident, another resident,
// staff (holding every permission in an organization) and an admin; read, create, update, delete each.
import type { KeystoneContext } from '@keystone-6/core/types'
import { PERMISSIONS } from '../../schema/shared/permissions'
import type { TestApp } from '../harness/app'
import { as, createOrganization, createStaff, createUser } from '../harness/factories'

export const ROLES = ['anonymous', 'owner', 'otherResident', 'staff', 'admin'] as const
export type Role = (typeof ROLES)[number]
export type Row = Record<Role, boolean>
export const only = (...allowed: Role[]): Row => Object.fromEntries(ROLES.map(r => [r, allowed.includes(r)])) as Row
export const nobody = only()

export type Case = {
  list: string
  /** A fresh item owned by `ownerId`, written with Prisma (no access involved). */
  item: (ownerId: string) => Promise<{ id: string }>
  createData: () => Record<string, unknown>
  updateData: Record<string, unknown>
  read: Row
  create: Row
  update: Row
  delete: Row
}

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

const ok = (promise: Promise<unknown>) => promise.then(result => result !== null, () => false)

export async function accessOf(ctx: KeystoneContext<any>, c: Case, ownerId: string) {
  const db = ctx.db[c.list]
  const readable = await db.findOne({ where: { id: (await c.item(ownerId)).id } }).catch(() => null)
  return {
    read: !!readable,
    create: await ok(db.createOne({ data: c.createData() })),
    update: await ok(db.updateOne({ where: { id: (await c.item(ownerId)).id }, data: c.updateData })),
    delete: await ok(db.deleteOne({ where: { id: (await c.item(ownerId)).id } })),
  }
}
