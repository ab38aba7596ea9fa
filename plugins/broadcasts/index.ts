// Broadcasts: one announcement to an audience of an organization's residents, composed and scheduled by
// staff holding `broadcast`, fanned out by a task through sendMessages, read by residents in their
// announcements feed. Quiet hours and preferences apply to regular broadcasts; emergencies go at once.
import { broadcastLists, broadcastPrismaExtensions } from '../../schema/broadcasts'
import { broadcastFanOutTask, sweepBroadcastsTask } from '../../tasks/broadcast-fan-out'
import { definePlugin } from '../kernel'
import '../notifications/contributions'
import { broadcastsGraphql } from './graphql'
import { broadcastMessage, emergencyBroadcastMessage } from './message-types'

export function broadcastsPlugin() {
  return definePlugin({
    name: 'broadcasts',
    requires: ['notifications', 'contacts', 'residents'],
    lists: broadcastLists,
    extendPrismaSchema: schema => broadcastPrismaExtensions.reduce((s, extend) => extend(s), schema),
    extendGraphqlSchema: broadcastsGraphql,
    contributes: {
      tasks: [broadcastFanOutTask, sweepBroadcastsTask],
      schedules: [{ task: sweepBroadcastsTask, everyMs: 60_000, atStart: true }],
      messageTypes: [broadcastMessage, emergencyBroadcastMessage],
      adminLinks: [
        { href: '/broadcasts/send', label: 'Send a broadcast', group: 'messages', order: 6 },
        { href: '/broadcasts', label: 'Broadcasts', group: 'messages', order: 7 },
      ],
    },
  })
}
