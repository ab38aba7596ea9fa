import { list } from '@keystone-6/core'
import { relationship, text, timestamp } from '@keystone-6/core/fields'
import { isAdmin, isSignedIn } from '../shared/access'
import { denyAll, pushTokenFilter } from './access'

const readOnly = { ui: { itemView: { fieldMode: 'read' as const } } }

/**
 * One push token of a device, for one transport (fcm, apns, redstore...): the push channel sends each
 * token through its own transport and deletes a token its provider reports dead. Unique by (transport,
 * token): a token belongs to the device that synced it last.
 */
export const PushToken = list({
  access: {
    operation: { query: isSignedIn, create: denyAll, update: denyAll, delete: isAdmin },
    filter: { query: pushTokenFilter },
  },
  ui: { labelField: 'transport', hideCreate: true, listView: { initialColumns: ['remoteClient', 'transport', 'createdAt'] } },
  fields: {
    remoteClient: relationship({ ref: 'RemoteClient.pushTokens', ...readOnly }),
    /** The transport's name, as the push channel knows it (fcm, apns, redstore). */
    transport: text({ validation: { isRequired: true }, ...readOnly }),
    token: text({ validation: { isRequired: true }, ...readOnly }),
    createdAt: timestamp({ defaultValue: { kind: 'now' }, ...readOnly }),
  },
})
