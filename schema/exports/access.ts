// Who may see and start contact exports: staff holding exportContacts in the export's organization
// (and admins). Downloads are the starter's only (see download.ts).
import { holdsPermission } from '../shared/access'
import type { Session } from '../shared/session'

type Args = { session?: Session; context: any; inputData?: any }

export function exportFilter({ session }: Args) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  if (session.data?.type !== 'staff') return false
  return { organization: { employees: { some: { user: { id: { equals: session.itemId } }, exportContacts: { equals: true } } } } }
}

const isStaffOrAdmin = ({ session }: Args) => session?.data?.type === 'staff' || !!session?.data?.isAdmin

export const exportListAccess = {
  operation: { query: isStaffOrAdmin, create: isStaffOrAdmin, update: () => false, delete: () => false },
  filter: { query: exportFilter },
  item: {
    create: ({ context, inputData }: Args) => holdsPermission(context, inputData?.organization?.connect?.id, 'exportContacts'),
  },
}
