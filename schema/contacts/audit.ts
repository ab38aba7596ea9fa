import type { TrackedList } from '../audit/tracked'

/** What the audit history records for contacts: identity edits, and archive/restore (archivedAt). */
export const contactAuditTrail: TrackedList = {
  fields: ['name', 'phone', 'email', 'archivedAt'],
  organizationField: 'organizationId',
  sensitive: { fields: ['phone', 'email'], permission: 'readContacts' },
}
