import { list } from '@keystone-6/core'
import { checkbox, relationship, text } from '@keystone-6/core/fields'
import type { KeystoneContext } from '@keystone-6/core/types'
import { isAdmin, isSignedIn } from '../shared/access'
import { typedError } from '../shared/errors'
import { normalizeEmail, normalizePhone } from '../shared/normalize'
import type { Session } from '../shared/session'
import { denyAll, ownSettingsFilter, settingsReadFilter } from './access'

/** What the lists cannot know by themselves (the registry is filled by plugins): injected by the plugin. */
export type NotificationNames = {
  isMessageType(context: KeystoneContext<any>, type: string): boolean
  isChannel(context: KeystoneContext<any>, preferenceKey: string): boolean
}

const ANY = '*'

/** One row per (user or global, type or all, channel or all), enforced by a unique key the hooks compute. */
export function settingKey(userId: string | null | undefined, messageType: string, channel: string) {
  return `${userId || ANY}|${messageType || ANY}|${channel || ANY}`
}

export function checkNames(names: NotificationNames, context: KeystoneContext<any>, data: { messageType?: string; channel?: string }) {
  if (data.messageType && !names.isMessageType(context, data.messageType)) {
    throw typedError('UNKNOWN_MESSAGE_TYPE', `There is no message type "${data.messageType}"`)
  }
  if (data.channel && !names.isChannel(context, data.channel)) {
    throw typedError('UNKNOWN_CHANNEL', `There is no channel "${data.channel}"`)
  }
}

const CHANNEL_ORDER = /^$|^[a-zA-Z][\w-]*(,[a-zA-Z][\w-]*)*$/

/** Shared by the list's hook and the setNotificationSetting resolver (where the typed code reaches the client). */
export function validateSetting(
  names: NotificationNames,
  context: KeystoneContext<any>,
  data: { messageType?: string; channel?: string; channelOrder?: string | null }
) {
  checkNames(names, context, data)
  const { channelOrder } = data
  if (typeof channelOrder !== 'string') return
  if (!CHANNEL_ORDER.test(channelOrder)) throw typedError('WRONG_CHANNEL_ORDER', 'channelOrder is channel names separated by commas, e.g. "push,sms"')
  for (const channel of channelOrder.split(',').filter(Boolean)) checkNames(names, context, { channel })
  if (channelOrder && data.channel) throw typedError('WRONG_CHANNEL_ORDER', 'channelOrder belongs on a row for every channel (channel empty)')
}

/**
 * Preferences of users: per type, per channel, or per type and channel (empty = all). Rows without a user
 * are global defaults (admins only); a user's rows override them; with no row at all everything is on.
 * `channelOrder` (on a row without a channel) is the recipient's preferred channel order.
 */
export function notificationUserSetting(names: NotificationNames) {
  return list({
    access: {
      operation: { query: isSignedIn, create: isSignedIn, update: isSignedIn, delete: isSignedIn },
      filter: { query: settingsReadFilter, update: ownSettingsFilter, delete: ownSettingsFilter },
      item: {
        // non-admins write their own rows only (resolveInput fills the user in)
        create: ({ session, inputData }) => {
          const s = session as Session | undefined
          if (s?.data?.isAdmin) return true
          const target = (inputData as any).user?.connect?.id
          return !!s && (target === undefined || target === s.itemId)
        },
      },
    },
    ui: { labelField: 'settingKey', listView: { initialColumns: ['user', 'messageType', 'channel', 'isEnabled', 'channelOrder'] } },
    fields: {
      user: relationship({ ref: 'User', access: { update: denyAll }, ui: { description: 'Empty: a global default (admins only)' } }),
      messageType: text({ ui: { views: './admin/views/message-type-choice', description: 'Empty: every type' }, access: { update: denyAll } }),
      channel: text({ ui: { views: './admin/views/channel-choice', description: 'Empty: every channel' }, access: { update: denyAll } }),
      // a row states a preference: set isEnabled false to opt out
      isEnabled: checkbox({ defaultValue: true }),
      channelOrder: text({ ui: { views: './admin/views/channel-order', description: 'Preferred channels in order; rows without a channel only' } }),
      settingKey: text({ isIndexed: 'unique', access: { create: denyAll, update: denyAll }, ui: { createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'read' } } }),
    },
    hooks: {
      resolveInput: {
        create: ({ resolvedData, context }) => {
          const session = context.session as Session | undefined
          const data = { ...resolvedData }
          if (!session?.data?.isAdmin && session) data.user = { connect: { id: session.itemId } }
          const userId = data.user?.connect?.id
          data.settingKey = settingKey(userId, data.messageType ?? '', data.channel ?? '')
          return data
        },
      },
      validate: ({ operation, resolvedData, item, context }) => {
        if (operation === 'delete') return
        validateSetting(names, context, { ...resolvedData, channel: resolvedData.channel ?? item?.channel })
      },
    },
  })
}

/**
 * Opt-outs of recipients without an account (a phone or an email), per type or all types. Written only by
 * the signed unsubscribe link (sudo): nobody creates or edits them through the API; admins read them.
 */
export const NotificationAnonymousSetting = list({
  access: { operation: { query: isAdmin, create: denyAll, update: denyAll, delete: denyAll } },
  ui: { labelField: 'settingKey', hideCreate: true, hideDelete: true },
  fields: {
    phone: text({ db: { isNullable: true } }),
    email: text({ db: { isNullable: true } }),
    messageType: text({ ui: { views: './admin/views/message-type-choice', description: 'Empty: every type' } }),
    isEnabled: checkbox({ defaultValue: false }),
    settingKey: text({ isIndexed: 'unique' }),
  },
})

export function anonymousSettingKey(address: { phone?: string | null; email?: string | null }, messageType: string) {
  return `${address.phone ? `phone-${address.phone}` : `email-${address.email}`}|${messageType || ANY}`
}

/** Exactly one of user / phone / email, normalized: shared by the blacklist and the anonymous setting. */
export function normalizeRecipientFields(data: Record<string, any>, existing?: Record<string, any>) {
  const out = { ...data }
  if (typeof out.phone === 'string' && out.phone !== '') {
    const phone = normalizePhone(out.phone)
    if (!phone) throw typedError('WRONG_PHONE_FORMAT', 'The phone number is not valid; give it in international format, e.g. +14155552671')
    out.phone = phone
  }
  if (typeof out.email === 'string' && out.email !== '') {
    const email = normalizeEmail(out.email)
    if (!email) throw typedError('WRONG_EMAIL_FORMAT', 'The email address is not valid')
    out.email = email
  }
  if (out.phone === '') out.phone = null
  if (out.email === '') out.email = null
  // on update, a field not given keeps the stored value
  const pick = <T>(given: T | undefined, stored: T) => (given === undefined ? stored : given)
  const hasUser = !!(out.user === undefined ? existing?.userId : out.user?.connect?.id)
  const phone = pick(out.phone, existing?.phone)
  const email = pick(out.email, existing?.email)
  const count = [hasUser, !!phone, !!email].filter(Boolean).length
  if (count !== 1) throw typedError('WRONG_RECIPIENT', 'Give exactly one of a user, a phone or an email')
  return out
}
