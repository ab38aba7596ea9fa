// Search in the staff inbox: subject, resident or contact name, unit, topic, message text (as Keystone
// filters, so the lists' access applies to what is matched: a message the caller cannot see does not
// match), and phone (the contact's, only for staff who read contacts there: a filter is a read).
// PostgreSQL matches case-insensitively with ILIKE; SQLite's LIKE is case-insensitive for ASCII. No
// trigram or full-text index yet: a search scans the organization's threads and their messages (to do:
// pg_trgm GIN index on ConversationMessage.body, declared for PostgreSQL only).
import type { KeystoneContext } from '@keystone-6/core/types'
import { holdsPermissionInRequest } from '../../schema/shared/request-cache'

export async function searchFilter(context: KeystoneContext<any>, organizationId: string, raw: string, postgres: boolean) {
  const text = raw.trim().slice(0, 100)
  const contains = postgres ? { contains: text, mode: 'insensitive' } : { contains: text }
  const or: Record<string, unknown>[] = [
    { subject: contains },
    { unitName: contains },
    { resident: { name: contains } },
    { contact: { name: contains } },
    { topic: { name: contains } },
    { messages: { some: { body: contains } } },
  ]
  const digits = text.replace(/\D/g, '')
  if (digits.length >= 4 && (await holdsPermissionInRequest(context as any, organizationId, 'readContacts'))) {
    const contacts = await context.sudo().prisma.contact.findMany({ where: { organizationId, phone: { contains: digits } }, select: { id: true }, take: 200 })
    if (contacts.length) or.push({ contact: { id: { in: contacts.map((c: { id: string }) => c.id) } } })
  }
  return { OR: or }
}
