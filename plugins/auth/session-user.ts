// The user a session row signs in: the row must exist, belong to that user and not have expired. Read on
// every signed-in request, so on PostgreSQL it is one hand-written statement by primary keys: Prisma's
// findFirst with the relation filter costs about twice the CPU per call (its query interpreter and
// argument handling; bench:inbox's floor rows measure a session's cost per request). The same statement
// brings a staff user's employments, which every permission check of the request reads
// (schema/shared/request-cache.ts): one round trip instead of two on every staff request. SQLite: Prisma.
import { providerOf } from '../../adapters/database'
import { rawRows } from '../../adapters/database/raw-pool'
import { PERMISSIONS } from '../../schema/shared/permissions'
import type { Employment, UserType } from '../../schema/shared/session'

export type SessionUser = { id: string; name: string; type: UserType; isAdmin: boolean; employments?: Employment[] }

const EMPLOYMENT = `json_build_object('organizationId', e.organization, ${PERMISSIONS.map(p => `'${p}', e."${p}"`).join(', ')})`

// expiresAt is a timestamp without time zone holding UTC (Prisma's DateTime); the ISO text's Z is ignored
const SESSION_USER = `SELECT u.id, u.name, u.type::text AS type, u."isAdmin",
    CASE WHEN u.type = 'staff' THEN (SELECT coalesce(json_agg(${EMPLOYMENT}), '[]'::json) FROM "OrganizationEmployee" e WHERE e."user" = u.id) END AS employments
  FROM "User" u
  WHERE u.id = $1 AND EXISTS (SELECT 1 FROM "UserSession" s WHERE s.id = $2 AND s."user" = u.id AND s."expiresAt" > $3::timestamp)`

export async function sessionUser(prisma: any, userId: string, sessionId: string, now = new Date()): Promise<SessionUser | undefined> {
  if (providerOf(prisma) === 'postgresql') {
    const rows = await rawRows<SessionUser & { employments: Employment[] | null }>(prisma, SESSION_USER, [userId, sessionId, now.toISOString()], { prepared: true })
    const row = rows[0]
    if (!row) return undefined
    const { employments, ...user } = row
    return employments ? { ...user, employments } : user
  }
  const user = await prisma.user.findFirst({
    where: { id: userId, sessions: { some: { id: sessionId, expiresAt: { gt: now } } } },
    select: { id: true, name: true, type: true, isAdmin: true },
  })
  return user ?? undefined
}
