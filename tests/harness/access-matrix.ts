// Access matrices of lists: for a cast of roles, which may read, create, update and delete an item.
// A suite names its roles, writes one row per operation with `only(...)`, and compares `crudAccess` of
// each role's context with the rows (`expectedAccess`).
import type { KeystoneContext } from '@keystone-6/core/types'

export type Row<R extends string> = Record<R, boolean>

/** `only` and `nobody` for a cast of roles. */
export function matrixFor<R extends string>(roles: readonly R[]) {
  const only = (...allowed: R[]): Row<R> => Object.fromEntries(roles.map(role => [role, allowed.includes(role)])) as Row<R>
  return { only, nobody: only() }
}

export type Case<R extends string> = {
  list: string
  /** A fresh item, written with Prisma (no access involved). */
  item: () => Promise<{ id: string }>
  createData: () => Record<string, unknown>
  updateData: Record<string, unknown>
  read: Row<R>
  create: Row<R>
  update: Row<R>
  delete: Row<R>
}

const ok = (promise: Promise<unknown>) =>
  promise.then(
    result => result !== null,
    () => false
  )

/** What a context may do to the case's list: each operation on a fresh item. */
export async function crudAccess(ctx: KeystoneContext<any>, c: Pick<Case<string>, 'list' | 'item' | 'createData' | 'updateData'>) {
  const db = ctx.db[c.list]
  const readable = await db.findOne({ where: { id: (await c.item()).id } }).catch(() => null)
  return {
    read: !!readable,
    create: await ok(db.createOne({ data: c.createData() })),
    update: await ok(db.updateOne({ where: { id: (await c.item()).id }, data: c.updateData })),
    delete: await ok(db.deleteOne({ where: { id: (await c.item()).id } })),
  }
}

export const expectedAccess = <R extends string>(c: Case<R>, role: R) => ({
  read: c.read[role],
  create: c.create[role],
  update: c.update[role],
  delete: c.delete[role],
})
