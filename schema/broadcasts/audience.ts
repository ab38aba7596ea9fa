// Who a broadcast reaches, resolved to users at send time: the residents of the organization (a
// registration at one of its units, or a live resident contact linked to their account), narrowed by
// properties, unit types and contact roles (each given filter must hold); or residents chosen by hand.
// Archived contacts never count. The same two `where`s (a registration's, a linked contact's) serve the
// count shown before sending (on User) and the keyset pages the fan-out walks (on each source), so the
// count shown is the count sent.
import { providerOf } from '../../adapters/database'
import { rawRows } from '../../adapters/database/raw-pool'

export type Audience = {
  organizationId: string
  audience: string
  propertyIds: string[]
  unitTypes: string[]
  roleIds: string[]
  /** Hand-picked: Resident rows (registrations) of the organization. */
  residentIds: string[]
}

// `residences` is User's side of Resident.user (User.residences)
const some = (where: object) => ({ some: where })
/** A registration counts unless its contact was archived. */
const contactNotArchived = { OR: [{ contactId: null }, { contact: { archivedAt: null } }] }

/**
 * The audience's two sources, each a `where` on its own table: registrations (Resident rows) and, unless
 * hand-picked, resident contacts linked to a portal account. A user is in the audience when either holds.
 */
function audienceSources(a: Audience): { registration: Record<string, unknown>; linkedContact: Record<string, unknown> | null } {
  if (a.audience === 'handPicked') {
    return { registration: { id: { in: a.residentIds }, organizationId: a.organizationId, ...contactNotArchived }, linkedContact: null }
  }
  const narrow = {
    ...(a.propertyIds.length ? { propertyId: { in: a.propertyIds } } : {}),
    ...(a.unitTypes.length ? { unitType: { in: a.unitTypes } } : {}),
  }
  const liveContact = { organizationId: a.organizationId, archivedAt: null }
  // with roles, a registration counts only through a live contact holding one
  const registration = {
    organizationId: a.organizationId,
    ...narrow,
    ...(a.roleIds.length ? { contact: { ...liveContact, roleId: { in: a.roleIds } } } : contactNotArchived),
  }
  const linkedContact = { ...liveContact, type: 'resident', ...narrow, ...(a.roleIds.length ? { roleId: { in: a.roleIds } } : {}) }
  return { registration, linkedContact }
}

/** The audience as a `where` on User (the count shown before sending, the reach). */
export function audienceWhere(a: Audience): Record<string, unknown> {
  const { registration, linkedContact } = audienceSources(a)
  if (!linkedContact) return { residences: some(registration) }
  return { OR: [{ residences: some(registration) }, { from_Contact_portalUser: some(linkedContact) }] }
}

export function countAudience(prisma: any, a: Audience): Promise<number> {
  return prisma.user.count({ where: audienceWhere(a) })
}

/**
 * The next page of user ids after `after`, in id order (keyset: stable under concurrent inserts). Read
 * from the two sources, each walked in user order from `after`, then put in order by User's primary key:
 * the same users as audienceWhere on User, whose OR of two EXISTS PostgreSQL runs as hashes of the
 * organization's whole audience, built again for every page (88 ms a page of 1,000 at 100,000
 * residents, so a fan-out's cost grew with the square of its size). A source that filled its page may
 * have more after its last id, so the page stops at the first such end; every comparison is the
 * database's own (its collation orders the keyset), none is made here. A user with several
 * registrations comes once.
 */
export async function audiencePage(prisma: any, a: Audience, after: string | null, take: number): Promise<string[]> {
  const { registration, linkedContact } = audienceSources(a)
  const from = after ? { gt: after } : { not: null }
  const [registered, linked] = await Promise.all([
    prisma.resident.findMany({ where: { AND: [registration, { userId: from }] }, select: { userId: true }, orderBy: { userId: 'asc' }, take }) as Promise<{ userId: string }[]>,
    linkedContact
      ? (prisma.contact.findMany({ where: { AND: [linkedContact, { portalUserId: from }] }, select: { portalUserId: true }, orderBy: { portalUserId: 'asc' }, take }) as Promise<{ portalUserId: string }[]>)
      : Promise.resolve([]),
  ])
  const sources = [registered.map(row => row.userId), linked.map(row => row.portalUserId)]
  const candidates = [...new Set(sources.flat())]
  if (!candidates.length) return []
  const ends = sources.filter(ids => ids.length === take).map(ids => ids[ids.length - 1])
  // on PostgreSQL one statement through the pool with the candidates as one array parameter: Prisma's
  // `in` of up to 2,000 ids cost the fan-out about as much CPU as the page's other reads together
  const rows: { id: string }[] =
    providerOf(prisma) === 'postgresql'
      ? await rawRows(prisma, PAGE_ORDER_SQL, [candidates, ends, take])
      : await prisma.user.findMany({ where: { AND: [{ id: { in: candidates } }, ...ends.map(end => ({ id: { lte: end } }))] }, select: { id: true }, orderBy: { id: 'asc' }, take })
  return rows.map(row => row.id)
}

/** The page's users in User's key order, up to the first end of a source that filled its page (none: no end). */
const PAGE_ORDER_SQL = `SELECT id FROM "User" WHERE id = ANY($1::text[]) AND id <= ALL($2::text[]) ORDER BY id LIMIT $3`

/** The audience of a stored broadcast (Prisma row with its relations' ids). */
export async function audienceOf(prisma: any, broadcastId: string): Promise<(Audience & { broadcast: any }) | null> {
  const broadcast = await prisma.broadcast.findUnique({
    where: { id: broadcastId },
    include: { properties: { select: { id: true } }, contactRoles: { select: { id: true } }, residents: { select: { id: true } } },
  })
  if (!broadcast) return null
  return {
    broadcast,
    organizationId: broadcast.organizationId,
    audience: broadcast.audience,
    propertyIds: broadcast.properties.map((p: { id: string }) => p.id),
    unitTypes: Array.isArray(broadcast.unitTypes) ? broadcast.unitTypes : [],
    roleIds: broadcast.contactRoles.map((r: { id: string }) => r.id),
    residentIds: broadcast.residents.map((r: { id: string }) => r.id),
  }
}
