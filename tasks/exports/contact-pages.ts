// The contacts of an export, in keyset pages by id (no OFFSET: every page costs the same), read with
// Prisma (the API's page size does not apply to the system's own bulk reads). The next page is read
// while the current one is written.
import { providerOf } from '../../adapters/database'
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

/**
 * On PostgreSQL one SQL statement per page (the role and property joined in): Prisma's relation reads
 * cost several times the query itself in CPU per row, which was most of an export's time (bench:export).
 * Elsewhere (SQLite, the embedded default) Prisma's findMany.
 */
function sqlPage(prisma: any, filter: ExportFilter, pageSize: number, after?: string): Promise<ExportedContact[]> {
  const params: unknown[] = [filter.organizationId]
  const where = ['c."organization" = $1']
  const add = (condition: string, value: unknown) => where.push(condition.replace('?', `$${params.push(value)}`))
  if (after) add('c."id" > ?', after)
  if (filter.propertyId) add('c."property" = ?', filter.propertyId)
  if (filter.type) add('c."type"::text = ?', filter.type)
  if (filter.roleId) add('c."role" = ?', filter.roleId)
  if (filter.archived === 'live') where.push('c."archivedAt" IS NULL')
  if (filter.archived === 'archived') where.push('c."archivedAt" IS NOT NULL')
  const sql = `SELECT c."id", c."name", c."type"::text AS "type", c."phone", c."email", c."unitName", c."unitType"::text AS "unitType",
      c."notes", c."archivedAt", c."createdAt", r."key" AS "roleKey", r."name" AS "roleName", p."name" AS "propertyName", p."address" AS "propertyAddress"
    FROM "Contact" c LEFT JOIN "ContactRole" r ON r."id" = c."role" LEFT JOIN "Property" p ON p."id" = c."property"
    WHERE ${where.join(' AND ')} ORDER BY c."id" LIMIT ${Number(pageSize)}`
  return prisma.$queryRawUnsafe(sql, ...params).then((rows: any[]) =>
    rows.map(row => ({
      id: row.id,
      name: row.name,
      type: row.type,
      phone: row.phone,
      email: row.email,
      unitName: row.unitName,
      unitType: row.unitType,
      notes: row.notes,
      archivedAt: row.archivedAt === null ? null : new Date(row.archivedAt),
      createdAt: row.createdAt === null ? null : new Date(row.createdAt),
      role: row.roleName === null && row.roleKey === null ? null : { key: row.roleKey, name: row.roleName ?? '' },
      property: row.propertyName === null && row.propertyAddress === null ? null : { name: row.propertyName ?? '', address: row.propertyAddress ?? '' },
    }))
  )
}

export async function* contactPages(prisma: any, filter: ExportFilter, pageSize: number): AsyncGenerator<ExportedContact[]> {
  const where = contactWhere(filter)
  const page =
    providerOf(prisma) === 'postgresql'
      ? (after?: string) => sqlPage(prisma, filter, pageSize, after)
      : (after?: string): Promise<ExportedContact[]> =>
          prisma.contact.findMany({ where: after ? { ...where, id: { gt: after } } : where, select: SELECT, orderBy: { id: 'asc' }, take: pageSize })
  let current = await page()
  while (current.length > 0) {
    const next = current.length === pageSize ? page(current[current.length - 1].id) : Promise.resolve([])
    yield current
    current = await next
  }
}
