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
  // the sweeper: messages by due time (tasks/delivery/state.ts findStuck). Not by status: no index of
  // Message holds a column a delivery run writes (the claim's leaseUntil; the final status, trace and
  // sentAt), so that both writes are HOT updates that touch none of the table's eight indexes
  // (tests/schema/notifications/hot-writes.test.ts). With the status in an index every final write
  // inserted a new entry into all of them: measured, bench:broadcast's delivery used 30% more
  // PostgreSQL CPU and the broadcast reached 37-42% of the floor instead of 50-52%.
  addCompositeIndex('Message', ['dueAt']),
  // three quarters of each page left free: a batch's messages, written together on the same pages, take
  // the claim's version beside them and then the final one (about twice the size: the trace), both HOT
  // (measured: at 50 the claims all fit but fewer than half of the final writes; at 25 all of both)
  setStorage('Message', { fillfactor: 25 }),
]
