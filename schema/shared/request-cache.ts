// Per-request memo for access checks: field-level rules run once per item and field, so a page of
// 50 contacts would otherwise ask the database the same permission question a hundred times.
// Keyed by the context object, which Keystone creates once per request (sudo()/withSession() make new ones).
import type { KeystoneContext } from '@keystone-6/core/types'
import { PERMISSIONS, type Permission } from './permissions'
import type { Employment, Session } from './session'

const caches = new WeakMap<object, Map<string, Promise<unknown>>>()

export function perRequest<T>(context: object, key: string, compute: () => Promise<T>): Promise<T> {
  let cache = caches.get(context)
  if (!cache) caches.set(context, (cache = new Map()))
  if (!cache.has(key)) cache.set(key, compute())
  return cache.get(key) as Promise<T>
}

type Ctx = { sudo(): any; prisma?: any; session?: Session }

// Bumped when an employment is written through Keystone (OrganizationEmployee's afterOperation), so a
// request that changes permissions and then uses them (one mutation document) reads them anew.
let employmentsVersion = 0
export function employmentsChanged() {
  employmentsVersion++
}
/** The version to stamp on employments read now (read it before the read starts). */
export const currentEmploymentsVersion = () => employmentsVersion

const EMPLOYMENT_SELECT = { organizationId: true, ...Object.fromEntries(PERMISSIONS.map(p => [p, true])) }

/**
 * Every employment of the session's user with all its permissions: one query per request answers every
 * permission question of that request (any organization, any permission). On PostgreSQL the session's
 * own read brought them (plugins/auth/session-user.ts): used unless an employment was written since.
 * Else read with Prisma: this is the system's own check, and a sudo() context per call would build the
 * whole context API for one count.
 */
export function sessionEmployments(context: Ctx): Promise<Employment[]> {
  const session = context.session
  if (!session || session.data?.type !== 'staff') return Promise.resolve([])
  const carried = session.data.employments
  if (carried && carried.version === employmentsVersion) return Promise.resolve(carried.rows)
  return perRequest(context, `employments:${employmentsVersion}`, async () => {
    const prisma = context.prisma ?? context.sudo().prisma
    return prisma.organizationEmployee.findMany({ where: { userId: session.itemId }, select: EMPLOYMENT_SELECT })
  })
}

/** Item rule: the session's user holds `permission` in the organization with this id (or is admin). */
export async function holdsPermission(context: Ctx, organizationId: string | null | undefined, permission: Permission): Promise<boolean> {
  const session = context.session
  if (!session) return false
  if (session.data?.isAdmin) return true
  if (!organizationId || session.data?.type !== 'staff') return false
  const employments = await sessionEmployments(context)
  return employments.some(e => e.organizationId === organizationId && e[permission] === true)
}

/**
 * The ids of the organizations where the session's user holds `permission`, from the request's
 * employments: a list filter on `organization: { id: { in } }` lets PostgreSQL use the list's own
 * indexes, where the same rule as a relationship filter (organization.employees.some) is a subquery.
 */
export async function organizationsWhereHeld(context: Ctx, permission: Permission): Promise<string[]> {
  const employments = await sessionEmployments(context)
  return employments.flatMap(e => (e[permission] === true && e.organizationId ? [e.organizationId] : []))
}

/** The ids of the organizations that employ the session's user (with any permissions), from the request's employments. */
export async function organizationsEmploying(context: Ctx): Promise<string[]> {
  const employments = await sessionEmployments(context)
  return employments.flatMap(e => (e.organizationId ? [e.organizationId] : []))
}

/** holdsPermission, asked once per request (the employments are loaded once; this is the same answer). */
export function holdsPermissionInRequest(context: Ctx, organizationId: string | null | undefined, permission: Permission) {
  return holdsPermission(context, organizationId, permission)
}

/**
 * Whether the session's user holds `permission` in every organization that employs them (admins: always).
 * A filter or an ordering on a field reveals it in every row the caller sees, and staff see the rows of
 * all their organizations: so filtering on a sensitive field needs the permission in all of them.
 */
export async function holdsPermissionEverywhere(context: Ctx, permission: Permission): Promise<boolean> {
  const session = context.session
  if (!session) return false
  if (session.data?.isAdmin) return true
  if (session.data?.type !== 'staff') return false
  const employments = await sessionEmployments(context)
  return employments.length > 0 && employments.every(row => row[permission] === true)
}

/** The signed-in user's phone (E.164), set for residents by phone verification. */
export function sessionPhone(context: KeystoneContext<any> & { session?: Session }): Promise<string | null> {
  const session = context.session
  if (!session) return Promise.resolve(null)
  return perRequest(context, 'session-phone', async () => {
    const user = await context.prisma.user.findUnique({ where: { id: session.itemId }, select: { phone: true } })
    return user?.phone || null
  })
}
