import { addCompositeIndex, addCompositeUnique } from '../shared/prisma-schema'
import { messageOrganizationBlackList, messageUserBlackList } from './blacklists'
import { DevOutboxEntry } from './dev-outbox-entry'
import { Message } from './message'
import { MessageDelivery } from './message-delivery'
import { notificationOrganizationSetting } from './organization-setting'
import { NotificationQuietHoursSetting } from './quiet-hours'
import { NotificationAnonymousSetting, notificationUserSetting, type NotificationNames } from './settings'
import { UnsubscribeShortLink } from './unsubscribe-short-link'

export type { NotificationNames } from './settings'

export function notificationLists(names: NotificationNames) {
  return {
    Message,
    MessageDelivery,
    NotificationUserSetting: notificationUserSetting(names),
    NotificationAnonymousSetting,
    NotificationQuietHoursSetting,
    NotificationOrganizationSetting: notificationOrganizationSetting(names),
    MessageUserBlackList: messageUserBlackList(names),
    MessageOrganizationBlackList: messageOrganizationBlackList(names),
    DevOutboxEntry,
    UnsubscribeShortLink,
  }
}

export const notificationPrismaExtensions = [
  // uniqKey dedupe is a database rule, not a check-then-insert; NULL uniqKeys never collide
  addCompositeUnique('Message', ['type', 'recipientKey', 'uniqKey'], 'Message_type_recipientKey_uniqKey_key'),
  // the sweeper: active messages whose due time has passed
  addCompositeIndex('Message', ['status', 'dueAt']),
  // throttle: earlier messages of a type to a recipient
  addCompositeIndex('Message', ['type', 'recipientKey', 'createdAt']),
]
