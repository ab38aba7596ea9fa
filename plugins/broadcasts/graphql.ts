// The broadcasts GraphQL beyond the list's CRUD: the recipient count (saved or previewed), send and
// cancel for staff holding `broadcast`, and the resident's announcements feed.
import { g } from '@keystone-6/core'
import { announcementType } from './announcement-type'
import { myAnnouncements, myUnreadAnnouncements } from './announcements'
import { audienceCount, audienceReach, recipientCountOf, recipientReachOf } from './count'
import { BroadcastReach } from './reach'
import { cancelBroadcast, sendBroadcast } from './send'

const BroadcastAudienceInput = g.inputObject({
  name: 'BroadcastAudienceInput',
  fields: {
    organizationId: g.arg({ type: g.nonNull(g.ID) }),
    audience: g.arg({ type: g.nonNull(g.String), defaultValue: 'organization', description: 'organization (narrowed by the filters) or handPicked' }),
    propertyIds: g.arg({ type: g.list(g.nonNull(g.ID)) }),
    unitTypes: g.arg({ type: g.list(g.nonNull(g.String)) }),
    contactRoleIds: g.arg({ type: g.list(g.nonNull(g.ID)) }),
    residentIds: g.arg({ type: g.list(g.nonNull(g.ID)), description: 'Hand-picked: Resident (registration) ids' }),
  },
})

function audienceInput(data: { organizationId: string; audience: string; propertyIds?: readonly string[] | null; unitTypes?: readonly string[] | null; contactRoleIds?: readonly string[] | null; residentIds?: readonly string[] | null }) {
  return {
    organizationId: data.organizationId,
    audience: data.audience,
    propertyIds: [...(data.propertyIds ?? [])],
    unitTypes: [...(data.unitTypes ?? [])],
    roleIds: [...(data.contactRoleIds ?? [])],
    residentIds: [...(data.residentIds ?? [])],
  }
}

export const broadcastsGraphql = g.extend(base => ({
  query: {
    broadcastRecipientCount: g.field({
      type: g.nonNull(g.Int),
      description: 'Residents the saved broadcast would reach if sent now',
      args: { id: g.arg({ type: g.nonNull(g.ID) }) },
      resolve: (_root, { id }, context) => recipientCountOf(context, id),
    }),
    broadcastRecipientReach: g.field({
      type: g.nonNull(BroadcastReach),
      description: 'The saved broadcast\'s recipients if sent now, split by the channels of its kind',
      args: { id: g.arg({ type: g.nonNull(g.ID) }) },
      resolve: (_root, { id }, context) => recipientReachOf(context, id),
    }),
    broadcastAudienceReach: g.field({
      type: g.nonNull(BroadcastReach),
      description: 'The composer\'s preview split by channel: how many each channel of the kind can reach, and how many none can',
      args: { data: g.arg({ type: g.nonNull(BroadcastAudienceInput) }), kind: g.arg({ type: g.nonNull(g.String), defaultValue: 'regular' }) },
      resolve: (_root, { data, kind }, context) => audienceReach(context, audienceInput(data), kind),
    }),
    broadcastAudienceCount: g.field({
      type: g.nonNull(g.Int),
      description: 'Residents an audience holds (the composer\'s preview, before saving)',
      args: { data: g.arg({ type: g.nonNull(BroadcastAudienceInput) }) },
      resolve: (_root, { data }, context) => audienceCount(context, audienceInput(data)),
    }),
    myAnnouncements: g.field({
      type: g.nonNull(g.list(g.nonNull(announcementType))),
      description: 'The broadcasts that reached the signed-in resident, newest first',
      args: { take: g.arg({ type: g.nonNull(g.Int), defaultValue: 20 }), skip: g.arg({ type: g.nonNull(g.Int), defaultValue: 0 }) },
      resolve: (_root, { take, skip }, context) => myAnnouncements(context, take, skip),
    }),
    myUnreadAnnouncementsCount: g.field({ type: g.nonNull(g.Int), resolve: (_root, _args, context) => myUnreadAnnouncements(context) }),
  },
  mutation: {
    sendBroadcast: g.field({
      type: g.nonNull(base.object('Broadcast')),
      description: 'Sends a draft (or re-times a scheduled broadcast): at scheduledAt, or now when absent or past',
      args: { id: g.arg({ type: g.nonNull(g.ID) }), scheduledAt: g.arg({ type: g.DateTime }) },
      resolve: (_root, { id, scheduledAt }, context) => sendBroadcast(context, id, scheduledAt) as any,
    }),
    cancelBroadcast: g.field({
      type: g.nonNull(base.object('Broadcast')),
      description: 'Calls off a draft or scheduled broadcast (one that is sending or sent is locked)',
      args: { id: g.arg({ type: g.nonNull(g.ID) }) },
      resolve: (_root, { id }, context) => cancelBroadcast(context, id) as any,
    }),
  },
}))
