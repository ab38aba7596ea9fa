import { list } from '@keystone-6/core'
import { json, relationship, select, text, timestamp } from '@keystone-6/core/fields'
import { isAdmin, isSignedIn } from '../shared/access'
import { denyAll, remoteClientFilter } from './access'

export const PLATFORMS = ['android', 'ios', 'web'] as const
export type Platform = (typeof PLATFORMS)[number]

const readOnly = { ui: { itemView: { fieldMode: 'read' as const } } }

/**
 * One installed app on one device, registered by the app itself through syncRemoteClient (anonymous or
 * signed in). Unique by (deviceId, appId). The app proves it is the same installation with its device key,
 * of which only a hash is kept (never readable through the API). Written only by the push plugin's
 * mutations; admins may delete a device (its tokens go with it).
 */
export const RemoteClient = list({
  access: {
    operation: { query: isSignedIn, create: denyAll, update: denyAll, delete: isAdmin },
    filter: { query: remoteClientFilter },
  },
  ui: {
    labelField: 'deviceId',
    hideCreate: true,
    listView: { initialColumns: ['deviceId', 'appId', 'platform', 'owner', 'appVersion', 'updatedAt'] },
  },
  fields: {
    deviceId: text({ validation: { isRequired: true }, ...readOnly }),
    appId: text({ validation: { isRequired: true }, ...readOnly }),
    platform: select({ type: 'string', options: PLATFORMS.map(value => ({ label: value, value })), validation: { isRequired: true }, ...readOnly }),
    /** The user signed in on the device at the last sync; none after sign-out (disconnectRemoteClient). */
    owner: relationship({ ref: 'User', ...readOnly }),
    appVersion: text(readOnly),
    meta: json({ defaultValue: {}, ...readOnly }),
    /** sha256 of the device key; compared in constant time. Not in the GraphQL schema at all. */
    deviceKeyHash: text({ graphql: { omit: true }, ui: { createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'hidden' }, listView: { fieldMode: 'hidden' } } }),
    pushTokens: relationship({ ref: 'PushToken.remoteClient', many: true, ...readOnly }),
    createdAt: timestamp({ defaultValue: { kind: 'now' }, ...readOnly }),
    updatedAt: timestamp({ defaultValue: { kind: 'now' }, db: { updatedAt: true }, ...readOnly }),
  },
  hooks: {
    beforeOperation: {
      // a deleted device's tokens must not linger unowned (they would never be reached or pruned)
      delete: async ({ item, context }) => {
        await context.prisma.pushToken.deleteMany({ where: { remoteClientId: String(item.id) } })
      },
    },
  },
})
