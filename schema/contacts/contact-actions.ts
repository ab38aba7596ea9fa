// Archive and restore: Keystone list actions, so they are both GraphQL mutations (archiveContact,
// restoreContact) and buttons in the Admin UI. Staff with manageContacts in the contact's organization.
import { action } from '@keystone-6/core'
import type { KeystoneContext } from '@keystone-6/core/types'
import { holdsPermission, isStaff } from '../shared/access'
import { typedError } from '../shared/errors'
import type { Session } from '../shared/session'

type Ctx = KeystoneContext<any> & { session?: Session }

async function contactToChange(context: Ctx, where: any) {
  // read through the caller's own access rules: a contact they cannot see does not exist for them
  const visible = await context.db.Contact.findOne({ where })
  if (!visible) throw typedError('CONTACT_NOT_FOUND', 'No such contact')
  if (!(await holdsPermission(context, String(visible.organizationId), 'manageContacts'))) {
    throw typedError('CONTACT_ARCHIVE_FORBIDDEN', 'Archiving and restoring contacts needs the manageContacts permission')
  }
  return visible
}

const isArchived = { archivedAt: { not: { equals: null } } }
const isLive = { archivedAt: { equals: null } }

export const archiveContact = action({
  access: isStaff,
  async resolve({ where }, context: Ctx) {
    const contact = await contactToChange(context, where)
    if (contact.archivedAt) return contact // already archived: who and when stay as first recorded
    await context.sudo().db.Contact.updateOne({
      where: { id: String(contact.id) },
      data: { archivedAt: new Date(), archivedBy: context.session ? { connect: { id: context.session.itemId } } : undefined },
    })
    return context.db.Contact.findOne({ where: { id: String(contact.id) } })
  },
  ui: {
    label: 'Archive',
    icon: 'archiveIcon',
    messages: {
      promptTitle: 'Archive {singular}',
      prompt: 'Archive “{itemLabel}”? It disappears from lists and searches until restored.',
      promptConfirmLabel: 'Archive',
      success: '{Singular} archived',
      fail: 'Could not archive {singular} “{itemLabel}”',
    },
    itemView: { actionMode: { disabled: isArchived }, navigation: 'refetch' },
    listView: { actionMode: 'hidden' },
  },
})

export const restoreContact = action({
  access: isStaff,
  async resolve({ where }, context: Ctx) {
    const contact = await contactToChange(context, where)
    if (!contact.archivedAt) return contact
    // restoring recomputes the live key: a live duplicate created meanwhile refuses it (CONTACT_DUPLICATE_ERROR)
    await context.sudo().db.Contact.updateOne({
      where: { id: String(contact.id) },
      data: { archivedAt: null, archivedBy: { disconnect: true } },
    })
    return context.db.Contact.findOne({ where: { id: String(contact.id) } })
  },
  ui: {
    label: 'Restore',
    icon: 'archiveRestoreIcon',
    messages: { promptTitle: 'Restore {singular}', prompt: 'Restore “{itemLabel}”?', promptConfirmLabel: 'Restore', success: '{Singular} restored' },
    itemView: { actionMode: { disabled: isLive }, navigation: 'refetch' },
    listView: { actionMode: 'hidden' },
  },
})
