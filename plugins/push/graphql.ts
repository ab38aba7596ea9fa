// The device-facing mutations. They write with a sudo context (the lists are not writable through CRUD)
// after their own checks; the caller's session only decides the owner.
import { g } from '@keystone-6/core'
import type { KeystoneContext } from '@keystone-6/core/types'
import { clientIp } from '../../adapters/http/client-ip'
import { PLATFORMS } from '../../schema/push'
import type { Session } from '../../schema/shared/session'
import { disconnectRemoteClient, syncRemoteClient, type RemoteClientSummary } from './remote-clients'
import type { SyncLimits } from './sync-limits'

const Platform = g.enum({ name: 'RemoteClientPlatform', values: g.enumValues(PLATFORMS) })

const PushTokenInput = g.inputObject({
  name: 'PushTokenInput',
  fields: {
    transport: g.arg({ type: g.nonNull(g.String), description: 'fcm, apns or redstore' }),
    token: g.arg({ type: g.nonNull(g.String) }),
  },
})

const SyncRemoteClientInput = g.inputObject({
  name: 'SyncRemoteClientInput',
  fields: {
    deviceId: g.arg({ type: g.nonNull(g.String) }),
    appId: g.arg({ type: g.nonNull(g.String) }),
    platform: g.arg({ type: g.nonNull(Platform) }),
    deviceKey: g.arg({ type: g.String, description: 'A secret the app generates once per installation (32-256 characters); required to register, then on every call' }),
    appVersion: g.arg({ type: g.String }),
    meta: g.arg({ type: g.JSON }),
    pushTokens: g.arg({ type: g.list(g.nonNull(PushTokenInput)), description: 'The device\'s current tokens (at most 20); they replace the stored ones. Omit to keep them.' }),
  },
})

const RemoteClientSyncResult = g.object<RemoteClientSummary>()({
  name: 'RemoteClientSyncResult',
  fields: {
    id: g.field({ type: g.nonNull(g.ID) }),
    deviceId: g.field({ type: g.nonNull(g.String) }),
    appId: g.field({ type: g.nonNull(g.String) }),
    platform: g.field({ type: g.nonNull(g.String) }),
    appVersion: g.field({ type: g.nonNull(g.String) }),
    hasOwner: g.field({ type: g.nonNull(g.Boolean) }),
    pushTokenCount: g.field({ type: g.nonNull(g.Int) }),
  },
})

const callerId = (context: KeystoneContext<any>) => (context.session as Session | undefined)?.itemId

export const pushGraphql = (transportNames: readonly string[], limits: SyncLimits) =>
  g.extend(() => ({
    mutation: {
      syncRemoteClient: g.field({
        type: g.nonNull(RemoteClientSyncResult),
        description: 'Registers or updates this device (anonymous or signed in); a signed-in caller becomes its owner. Rate-limited per client address and per device (TOO_MANY_REQUESTS with extensions.retryAfter in seconds)',
        args: { data: g.arg({ type: g.nonNull(SyncRemoteClientInput) }) },
        resolve: (_root, { data }, context) =>
          syncRemoteClient(context.sudo().prisma, callerId(context), data, transportNames, device => limits.consume(clientIp(context), device)),
      }),
      disconnectRemoteClient: g.field({
        type: g.nonNull(g.Boolean),
        description: 'Sign-out: the device loses its owner and its push tokens',
        args: { deviceId: g.arg({ type: g.nonNull(g.String) }), appId: g.arg({ type: g.nonNull(g.String) }), deviceKey: g.arg({ type: g.nonNull(g.String) }) },
        resolve: (_root, args, context) => disconnectRemoteClient(context.sudo().prisma, args),
      }),
    },
  }))
