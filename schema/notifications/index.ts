import { addCompositeIndex, addCompositeUnique, setStorage } from '../shared/prisma-schema'
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
  // uniqKey dedupe is a database rule, not a check-then-insert; NULL uniqKeys never collide. It also
  // serves the throttle (earlier messages of a type to a recipient, tasks/delivery/policy.ts): its
  // (type, recipientKey) prefix finds them, createdAt is checked on the rows. A (type, recipientKey,
  // createdAt) index of its own would be one more entry written per message on every insert and final
  // state, for an opt-in rule no built-in type uses (a type with throttleMs: a few of its messages per
  // recipient are read instead of one index range)
  addCompositeUnique('Message', ['type', 'recipientKey', 'uniqKey'], 'Message_type_recipientKey_uniqKey_key'),
  // the sweeper: active messages whose due time has passed
  addCompositeIndex('Message', ['status', 'dueAt']),
  // half of each page left free: a delivery run's claim (leaseUntil only, in no index) of the 100
  // messages of a batch, written together on the same pages, then fits beside them as HOT updates that
  // touch no index (measured: at 70 only 40% of the claims found room, at 50 all; claims 3.7x cheaper)
  setStorage('Message', { fillfactor: 50 }),
]
