import { definePlugin, registryOf } from '../kernel'
import { typedError } from '../../schema/shared/errors'
import { mapUniqueViolations } from '../../schema/shared/unique-violations'
import './contributions'
import { notificationLists, notificationPrismaExtensions, type NotificationNames } from '../../schema/notifications'
import { deliverMessagesTask, deliverMessageTask } from '../../tasks/deliver-message'
import { sweepMessagesTask } from '../../tasks/sweep-messages'
import type { MessageTypeDefinition, NotificationOptions } from '../../tasks/delivery/contracts'
import { devOutboxChannel } from '../../tasks/delivery/dev-outbox'
import { channels, messageTypes } from '../../tasks/delivery/registry'
import { broadcastGraphql } from './broadcast'
import { failedMessagesCard } from './dashboard'
import { notificationsGraphql } from './graphql'
import { quietHoursGraphql } from './quiet-hours-graphql'
import { customMessage } from './message-types'
import { unsubscribeRoutes } from './unsubscribe'
import { createStaffSendLimits, DEFAULT_STAFF_SEND_LIMITS, type StaffSendLimitOptions } from './send-limits'

export { sendMessage, sendMessages } from './send-message'
export { MAX_BROADCAST_RECIPIENTS } from './broadcast'
export { notificationOptionsFromEnv } from './options'
export { staffSendLimitsFromEnv } from './send-limits'

export type NotificationsPluginOptions = NotificationOptions & {
  /** Types shipped with the pipeline; plugins add theirs through `contributes: { messageTypes }`. */
  messageTypes?: readonly MessageTypeDefinition[]
  /** The rate limits on staff sends (send-limits.ts); by default in memory, at the default rates. */
  sendLimits?: StaffSendLimitOptions
}

/**
 * The notification pipeline: the Message and settings lists, sendMessage, the delivery task and the
 * sweeper, the dev outbox. Channel plugins contribute `channels`, feature plugins `messageTypes`.
 */
export function notificationsPlugin(options: NotificationsPluginOptions) {
  const { messageTypes: shipped = [customMessage], sendLimits = DEFAULT_STAFF_SEND_LIMITS, ...runtime } = options
  const staffSendLimits = createStaffSendLimits(sendLimits)
  const names: NotificationNames = {
    isMessageType: (context, type) => messageTypes(registryOf(context)).has(type),
    isChannel: (context, key) => [...channels(registryOf(context)).values()].some(c => c.preferenceKey === key) || isKnownChannelName(key),
  }
  return definePlugin({
    name: 'notifications',
    requires: ['organizations', 'tasks'],
    lists: notificationLists(names),
    // one row per organization / per user: the loser of a race (or a second create) gets a typed error
    extendPrismaClient: mapUniqueViolations([
      { model: 'NotificationOrganizationSetting', fields: ['organizationKey'], toError: () => typedError('SETTING_EXISTS', 'This organization has its notification settings already; change that row') },
      { model: 'NotificationQuietHoursSetting', fields: ['userKey'], toError: () => typedError('SETTING_EXISTS', 'These quiet hours exist already; change that row (or use setMyQuietHours)') },
    ]),
    extendPrismaSchema: schema => notificationPrismaExtensions.reduce((s, extend) => extend(s), schema),
    extendGraphqlSchema: schema => quietHoursGraphql(broadcastGraphql(notificationsGraphql(names)(schema))),
    extendExpressApp: (app, context) => unsubscribeRoutes(app, context, runtime),
    contributes: {
      tasks: [deliverMessageTask, deliverMessagesTask, sweepMessagesTask],
      schedules: [{ task: sweepMessagesTask, everyMs: runtime.sweepEveryMs, atStart: true }],
      messageTypes: shipped,
      channels: [devOutboxChannel(runtime.devOutboxRevealsSecrets)],
      notificationOptions: [runtime],
      staffSendLimits: [staffSendLimits],
      closers: [() => staffSendLimits.close()],
      adminLinks: [
        { href: '/dev-outbox-entries', label: 'Dev outbox', group: 'system' },
        // organization defaults (quiet hours, channel order) and users' quiet hours: settings staff manage
        { href: '/notification-organization-settings', label: 'Notification defaults', group: 'settings', order: 5 },
        { href: '/notification-quiet-hours-settings', label: 'Quiet hours', group: 'settings', order: 15 },
      ],
      dashboardCards: [failedMessagesCard],
    },
  })
}

/** The media of ARCHITECTURE.md: settings may name them before their plugin is installed (issue 5). */
function isKnownChannelName(key: string) {
  return ['push', 'sms', 'email', 'telegram'].includes(key)
}
