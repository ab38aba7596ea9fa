// Duplicates: the hard rule (same live key: refused) and the soft one (same phone or email in the
// organization: shown to staff as "possible duplicates" before and after they create a contact).
import type { KeystoneContext } from '@keystone-6/core/types'
import { loadInBatch } from '../shared/batch-loader'
import { typedError } from '../shared/errors'
import type { UniqueViolationRule } from '../shared/unique-violations'

type Existing = { id: string; name?: string | null; unitName?: string | null }

/** Names the existing contact by name, unit and id (the same organization's: the caller may read those),
 *  never by its phone or email, which are not every staff member's to see. */
export function contactDuplicateError(existing: Existing | null | undefined) {
  const named = existing?.name ? `${existing.name}${existing.unitName ? ` (unit ${existing.unitName})` : ''}, contact ${existing.id}` : existing ? `contact ${existing.id}` : null
  return typedError(
    'CONTACT_DUPLICATE_ERROR',
    named
      ? `A live contact with the same property, unit, name and phone already exists: ${named}`
      : 'A live contact with the same property, unit, name and phone already exists',
    { existingContactId: existing?.id ?? null, existingContactName: existing?.name ?? null, existingContactUnit: existing?.unitName ?? null, field: 'phone' }
  )
}

export async function findLiveDuplicate(context: KeystoneContext<any>, key: string, exceptId?: string): Promise<Existing | undefined> {
  // Prisma, not context.db: the key is not part of the GraphQL API. Creates asked within one turn
  // (createContacts of 1,000) share one query by IN.
  if (!exceptId) {
    return loadInBatch(context, 'contact-live-key', key, async keys => {
      const rows = await context.prisma.contact.findMany({ where: { liveUniqueKey: { in: keys } }, select: { id: true, name: true, unitName: true, liveUniqueKey: true } })
      return new Map<string, Existing>(rows.map((row: Existing & { liveUniqueKey: string }) => [row.liveUniqueKey, { id: row.id, name: row.name, unitName: row.unitName }]))
    })
  }
  const found = await context.prisma.contact.findFirst({
    where: { liveUniqueKey: key, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true, name: true, unitName: true },
  })
  return found ?? undefined
}

/** The race loser: the database refused the second insert; name the winner if it is visible yet. */
export const contactUniqueViolation: UniqueViolationRule = {
  model: 'Contact',
  fields: ['liveUniqueKey'],
  async toError({ data, client }) {
    const existing = data.liveUniqueKey
      ? await client.contact.findFirst({ where: { liveUniqueKey: data.liveUniqueKey }, select: { id: true, name: true, unitName: true } }).catch(() => null)
      : null
    return contactDuplicateError(existing)
  },
}

export type DuplicateQuery = { organizationId: string; phone?: string | null; email?: string | null; exceptId?: string }

/** Ids of live contacts of the organization with this phone or this email (both already normalized). */
export async function possibleDuplicateIds(context: KeystoneContext<any>, query: DuplicateQuery): Promise<string[]> {
  const matches = [
    ...(query.phone ? [{ phone: { equals: query.phone } }] : []),
    ...(query.email ? [{ email: { equals: query.email } }] : []),
  ]
  if (matches.length === 0) return []
  const found = await context.sudo().db.Contact.findMany({
    where: {
      organization: { id: { equals: query.organizationId } },
      archivedAt: { equals: null },
      OR: matches,
      ...(query.exceptId ? { id: { not: { equals: query.exceptId } } } : {}),
    },
    orderBy: { name: 'asc' },
    take: 50,
  })
  return found.map(contact => String(contact.id))
}
