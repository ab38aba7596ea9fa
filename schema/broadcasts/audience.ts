// Who a broadcast reaches, resolved to users at send time: the residents of the organization (a
// registration at one of its units, or a live resident contact linked to their account), narrowed by
// properties, unit types and contact roles (each given filter must hold); or residents chosen by hand.
// Archived contacts never count. One Prisma `where` on User serves the count shown before sending and
// the keyset pages the fan-out walks, so the count shown is the count sent.
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

export function audienceWhere(a: Audience): Record<string, unknown> {
  const narrow = {
    ...(a.propertyIds.length ? { propertyId: { in: a.propertyIds } } : {}),
    ...(a.unitTypes.length ? { unitType: { in: a.unitTypes } } : {}),
  }
  const liveContact = { organizationId: a.organizationId, archivedAt: null }
  // a registration counts unless its contact was archived; with roles, only through a contact holding one
  const registration = {
    organizationId: a.organizationId,
    ...narrow,
    ...(a.roleIds.length ? { contact: { ...liveContact, roleId: { in: a.roleIds } } } : { OR: [{ contactId: null }, { contact: { archivedAt: null } }] }),
  }
  const linkedContact = { ...liveContact, type: 'resident', ...narrow, ...(a.roleIds.length ? { roleId: { in: a.roleIds } } : {}) }
  const resident = { OR: [{ residences: some(registration) }, { from_Contact_portalUser: some(linkedContact) }] }
  if (a.audience === 'handPicked') {
    return { residences: some({ id: { in: a.residentIds }, organizationId: a.organizationId, OR: [{ contactId: null }, { contact: { archivedAt: null } }] }) }
  }
  return resident
}

export function countAudience(prisma: any, a: Audience): Promise<number> {
  return prisma.user.count({ where: audienceWhere(a) })
}

/** The next page of user ids after `after`, in id order (keyset: stable under concurrent inserts). */
export async function audiencePage(prisma: any, a: Audience, after: string | null, take: number): Promise<string[]> {
  const rows: { id: string }[] = await prisma.user.findMany({
    where: { AND: [audienceWhere(a), ...(after ? [{ id: { gt: after } }] : [])] },
    select: { id: true },
    orderBy: { id: 'asc' },
    take,
  })
  return rows.map(row => row.id)
}

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
