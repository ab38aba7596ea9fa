// The contacts of an export, in keyset pages by id (no OFFSET: every page costs the same), read with
// Prisma (the API's page size does not apply to the system's own bulk reads). The next page is read
// while the current one is written.
import type { ArchiveScope } from '../../schema/exports/statuses'

export type ExportFilter = {
  organizationId: string
  propertyId?: string | null
  type?: string | null
  roleId?: string | null
  archived: ArchiveScope
}

export type ExportedContact = {
  id: string
  name: string
  type: string
  phone: string | null
  email: string | null
  unitName: string | null
  unitType: string | null
  notes: string
  archivedAt: Date | null
  createdAt: Date | null
  role: { key: string | null; name: string } | null
  property: { name: string; address: string } | null
}

export function contactWhere(filter: ExportFilter) {
  return {
    organizationId: filter.organizationId,
    ...(filter.propertyId ? { propertyId: filter.propertyId } : {}),
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.roleId ? { roleId: filter.roleId } : {}),
    ...(filter.archived === 'live' ? { archivedAt: null } : filter.archived === 'archived' ? { archivedAt: { not: null } } : {}),
  }
}

const SELECT = {
  id: true,
  name: true,
  type: true,
  phone: true,
  email: true,
  unitName: true,
  unitType: true,
  notes: true,
  archivedAt: true,
  createdAt: true,
  role: { select: { key: true, name: true } },
  property: { select: { name: true, address: true } },
}

export async function* contactPages(prisma: any, filter: ExportFilter, pageSize: number): AsyncGenerator<ExportedContact[]> {
  const where = contactWhere(filter)
  const page = (after?: string): Promise<ExportedContact[]> =>
    prisma.contact.findMany({ where: after ? { ...where, id: { gt: after } } : where, select: SELECT, orderBy: { id: 'asc' }, take: pageSize })
  let current = await page()
  while (current.length > 0) {
    const next = current.length === pageSize ? page(current[current.length - 1].id) : Promise.resolve([])
    yield current
    current = await next
  }
}
