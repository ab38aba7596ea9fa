// Shared access predicates. Lists combine them; resolvers never re-implement them.
import type { Permission } from './permissions'
import type { Session } from './session'
import { organizationsEmploying, organizationsWhereHeld } from './request-cache'

type Args = { session?: Session | undefined }

export const isSignedIn = ({ session }: Args) => !!session
export const isAdmin = ({ session }: Args) => !!session?.data?.isAdmin
export const isStaff = ({ session }: Args) => session?.data?.type === 'staff' || !!session?.data?.isAdmin

/** Filter on an Organization: the session's user is an employee there, holding `permission` if given. */
export function employeeOf(session: Session, permission?: Permission) {
  return {
    employees: {
      some: {
        user: { id: { equals: session.itemId } },
        ...(permission ? { [permission]: { equals: true } } : {}),
      },
    },
  }
}

/**
 * Filter rule for lists that belong to an organization through `path` (e.g. 'organization' or
 * 'property.organization'): admins see everything, staff see items of organizations that employ them
 * (holding `permission` there, if given). The organizations are named by id from the request's
 * employments (one query per request answers every rule): an IN the list's index serves, where the
 * same rule as a relationship filter (organization.employees.some) is an EXISTS subquery per row.
 */
export function organizationFilter(path: string, permission?: Permission) {
  return async ({ session, context }: Args & { context: Parameters<typeof organizationsEmploying>[0] }) => {
    if (!session) return false
    if (session.data?.isAdmin) return true
    if (session.data?.type !== 'staff') return false
    const ids = permission ? await organizationsWhereHeld(context, permission) : await organizationsEmploying(context)
    return nest(path, { id: { in: ids } })
  }
}

function nest(path: string, filter: object): object {
  return path
    .split('.')
    .reverse()
    .reduce<object>((inner, key) => ({ [key]: inner }), filter)
}

// One query per request answers every permission question (schema/shared/request-cache.ts)
export { holdsPermission } from './request-cache'
