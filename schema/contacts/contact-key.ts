// The live-uniqueness key: no two live contacts share (property, unit, name case-insensitively, phone).
// Prisma cannot declare a partial or expression index, so the key is a derived column with a plain
// unique index: a hash of the normalized tuple, NULL when the contact is archived or has no phone
// (NULLs never conflict, on SQLite or PostgreSQL). A hash, so the column repeats no phone number.
import crypto from 'node:crypto'

export type KeyParts = {
  propertyId: string | null
  unitName: string | null
  name: string | null
  phone: string | null
  archivedAt: Date | string | null
}

export function liveUniqueKey(parts: KeyParts): string | null {
  if (parts.archivedAt || !parts.phone || !parts.name) return null
  const tuple = [parts.propertyId ?? '', (parts.unitName ?? '').toLowerCase(), parts.name.toLowerCase(), parts.phone]
  return crypto.createHash('sha256').update(JSON.stringify(tuple)).digest('hex')
}

/** The id a resolved relationship input points to, or `current` when the input leaves it alone. */
export function resolvedRelationId(resolved: any, current: string | null | undefined): string | null {
  if (resolved === undefined) return current ?? null
  if (resolved === null || resolved.disconnect) return null
  return resolved.connect?.id ?? current ?? null
}
