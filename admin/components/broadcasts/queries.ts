// The GraphQL the broadcasts page sends (plugins/broadcasts/graphql.ts and the Broadcast list answer it).
import { gql } from '@keystone-6/core/admin-ui/apollo'

export const BROADCAST_OPTIONS = gql`
  query BroadcastOptions($organizationId: ID!) {
    properties(where: { organization: { id: { equals: $organizationId } } }, orderBy: { name: asc }, take: 100) {
      id
      name
    }
    contactRoles(orderBy: { name: asc }, take: 100) {
      id
      name
    }
  }
`

export const ORGANIZATIONS = gql`
  query BroadcastOrganizations {
    organizations(orderBy: { name: asc }, take: 100) {
      id
      name
    }
  }
`

export const AUDIENCE_REACH = gql`
  query BroadcastAudienceReach($data: BroadcastAudienceInput!, $kind: String!) {
    broadcastAudienceReach(data: $data, kind: $kind) {
      total
      unreachable
      channels {
        channel
        reachable
      }
    }
  }
`

export const RECENT_BROADCASTS = gql`
  query RecentBroadcasts($organizationId: ID!) {
    broadcasts(where: { organization: { id: { equals: $organizationId } } }, orderBy: { createdAt: desc }, take: 20) {
      id
      title
      kind
      status
      scheduledAt
      sentAt
      sentBy {
        id
        name
      }
      progress {
        resolved
        queued
        pending
        sent
        delivered
        read
        failed
        stopped
        readRate
        unreachable
        channels {
          channel
          sent
          failed
        }
      }
    }
  }
`

export const CREATE_BROADCAST = gql`
  mutation CreateBroadcast($data: BroadcastCreateInput!) {
    createBroadcast(data: $data) {
      id
    }
  }
`

export const SEND_BROADCAST = gql`
  mutation SendBroadcast($id: ID!, $scheduledAt: DateTime) {
    sendBroadcast(id: $id, scheduledAt: $scheduledAt) {
      id
      status
    }
  }
`

export const CANCEL_BROADCAST = gql`
  mutation CancelBroadcast($id: ID!) {
    cancelBroadcast(id: $id) {
      id
      status
    }
  }
`

export const UNIT_TYPES = ['flat', 'apartment', 'parking', 'warehouse', 'commercial'] as const

export type Reach = { total: number; unreachable: number; channels: { channel: string; reachable: number }[] }
export type Progress = {
  resolved: number
  queued: number
  pending: number
  sent: number
  delivered: number
  read: number
  failed: number
  stopped: number
  readRate: number
  unreachable: number
  channels: { channel: string; sent: number; failed: number }[]
}
export type BroadcastRow = { id: string; title: string; kind: string; status: string; scheduledAt: string | null; sentAt: string | null; sentBy: { id: string; name: string } | null; progress: Progress }
