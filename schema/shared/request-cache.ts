// Per-request memo for access checks: field-level rules run once per item and field, so a page of
// 50 contacts would otherwise ask the database the same permission question a hundred times.
// Keyed by the context object, which Keystone creates once per request (sudo()/withSession() make new ones).
import type { KeystoneContext } from '@keystone-6/core/types'
import { holdsPermission } from './access'
import type { Permission } from './permissions'
import type { Session } from './session'

const caches = new WeakMap<object, Map<string, Promise<unknown>>>()

export function perRequest<T>(context: object, key: string, compute: () => Promise<T>): Promise<T> {
  let cache = caches.get(context)
  if (!cache) caches.set(context, (cache = new Map()))
  if (!cache.has(key)) cache.set(key, compute())
  return cache.get(key) as Promise<T>
}

type Ctx = KeystoneContext<any> & { session?: Session }

/** holdsPermission, asked once per request for each (organization, permission). */
export function holdsPermissionInRequest(context: Ctx, organizationId: string | null | undefined, permission: Permission) {
  return perRequest(context, `permission:${organizationId}:${permission}`, () => holdsPermission(context, organizationId, permission))
}

/**
 * Whether the session's user holds `permission` in every organization that employs them (admins: always).
 * A filter or an ordering on a field reveals it in every row the caller sees, and staff see the rows of
 * all their organizations: so filtering on a sensitive field needs the permission in all of them.
 */
export function holdsPermissionEverywhere(context: Ctx, permission: Permission): Promise<boolean> {
  const session = context.session
  if (!session) return Promise.resolve(false)
  if (session.data?.isAdmin) return Promise.resolve(true)
  if (session.data?.type !== 'staff') return Promise.resolve(false)
  return perRequest(context, `permission:all:${permission}`, async () => {
    const employments = await context.sudo().prisma.organizationEmployee.findMany({
      where: { userId: session.itemId },
      select: { [permission]: true },
    })
    return employments.length > 0 && employments.every((row: Record<string, boolean>) => row[permission])
  })
}

/** The signed-in user's phone (E.164), set for residents by phone verification. */
export function sessionPhone(context: Ctx): Promise<string | null> {
  const session = context.session
  if (!session) return Promise.resolve(null)
  return perRequest(context, 'session-phone', async () => {
    const user = await context.sudo().db.User.findOne({ where: { id: session.itemId } })
    return (user?.phone as string | null | undefined) || null
  })
}
