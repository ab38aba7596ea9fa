// Hooks the portal adds to Contact: a change of the contact's email, or archiving the contact, revokes
// its pending invitation (the link went to an address that is no longer theirs, or to someone gone).
// The accept step checks the same facts again, in case a write went around these hooks.
import { revokePending } from './send-invitation'

export const revokeOnContactChange = {
  afterOperation: async ({ operation, item, originalItem, context }: any) => {
    if (operation !== 'update' || !item || !originalItem) return
    if ((item.email ?? null) !== (originalItem.email ?? null)) await revokePending(context, String(item.id), 'emailChanged')
    else if (item.archivedAt && !originalItem.archivedAt) await revokePending(context, String(item.id), 'archived')
  },
}
