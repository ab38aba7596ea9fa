// The message types and channels installed (adminNotificationChoices), for the settings pickers.
import { gql, useQuery } from '@keystone-6/core/admin-ui/apollo'

const CHOICES = gql`
  query AdminNotificationChoices {
    adminNotificationChoices {
      messageTypes {
        type
        title
      }
      channels
    }
  }
`

export type Choices = { messageTypes: { type: string; title: string }[]; channels: string[] }

export function useNotificationChoices(): Choices {
  const { data } = useQuery<{ adminNotificationChoices: Choices | null }>(CHOICES)
  return data?.adminNotificationChoices ?? { messageTypes: [], channels: [] }
}
