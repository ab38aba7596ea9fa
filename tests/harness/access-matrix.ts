// Access matrices of lists: for a cast of roles, which may read, create, update and delete an item.
// A suite names its roles, writes one row per operation with `only(...)`, and compares `crudAccess` of
// each role's context with the rows (`expectedAccess`). A "no" must be an access refusal (an empty answer
// or KS_ACCESS_DENIED), never any error: a validation error or a crash fails the cell.
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
  /** Refusal codes besides KS_ACCESS_DENIED that mean "no" for an operation (a typed refusal of the list's own). */
  refusals?: Partial<Record<'read' | 'create' | 'update' | 'delete', readonly string[]>>
}

type Operation = 'read' | 'create' | 'update' | 'delete'

/** What a refusal by access control looks like; any other failure is a broken test row, not a "no". */
const ACCESS_REFUSALS = ['KS_ACCESS_DENIED']

/**
 * true when the operation went through; false when access refused it: an empty answer (the item is
 * filtered out) or the access refusal code (or one the case names, e.g. CONTACT_DELETE_FORBIDDEN). Any
 * other error fails the test with its code, so a cell cannot pass for the wrong reason.
 */
async function outcome(operation: Operation, promise: Promise<unknown>, refusals: readonly string[] = []): Promise<boolean> {
  try {
    return (await promise) !== null
  } catch (error) {
    const code = (error as any)?.extensions?.code
    if (ACCESS_REFUSALS.includes(code) || refusals.includes(code)) return false
    throw new Error(`${operation} failed with ${code ?? 'no code'} (${(error as Error).message}), which is not an access refusal`)
  }
}

/** What a context may do to the case's list: each operation on a fresh item, through GraphQL (context.query). */
export async function crudAccess(
  ctx: KeystoneContext<any>,
  c: Pick<Case<string>, 'list' | 'item' | 'createData' | 'updateData' | 'refusals'>
) {
  const q = ctx.query[c.list]
  const refusals = c.refusals ?? {}
  return {
    read: await outcome('read', q.findOne({ where: { id: (await c.item()).id }, query: 'id' }), refusals.read),
    create: await outcome('create', q.createOne({ data: c.createData(), query: 'id' }), refusals.create),
    update: await outcome('update', q.updateOne({ where: { id: (await c.item()).id }, data: c.updateData, query: 'id' }), refusals.update),
    delete: await outcome('delete', q.deleteOne({ where: { id: (await c.item()).id }, query: 'id' }), refusals.delete),
  }
}

export const expectedAccess = <R extends string>(c: Case<R>, role: R) => ({
  read: c.read[role],
  create: c.create[role],
  update: c.update[role],
  delete: c.delete[role],
})
