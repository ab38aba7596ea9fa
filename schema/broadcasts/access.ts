// Broadcasts: staff holding `broadcast` in the organization read, compose and change its broadcasts
// (while still editable); admins all. Residents read what reached them through myAnnouncements, not here.
import { holdsPermission, isSignedIn, organizationFilter } from '../shared/access'

const withBroadcast = organizationFilter('organization', 'broadcast')

export const broadcastAccess = {
  operation: { query: isSignedIn, create: isSignedIn, update: isSignedIn, delete: isSignedIn },
  filter: { query: withBroadcast, update: withBroadcast, delete: withBroadcast },
  item: {
    create: ({ context, inputData }: any) => holdsPermission(context, inputData.organization?.connect?.id, 'broadcast'),
  },
}
