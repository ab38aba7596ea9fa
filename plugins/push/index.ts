// The push channel plugin: RemoteClient and PushToken, the device mutations, and the `push` channel over
// FCM, APNs and RedStore (each token through the provider that issued it).
import { apnsFromEnv } from '../../adapters/push/apns'
import { fcmFromEnv } from '../../adapters/push/fcm'
import { redstoreFromEnv } from '../../adapters/push/redstore'
import type { TransportEnv } from '../../adapters/transport/http-errors'
import { LazyTransports, type TransportFactory } from '../../adapters/transport/lazy-transports'
import type { PushContent, Transport } from '../../adapters/transport/types'
import type { RateLimitStore } from '../../adapters/rate-limit'
import { pushLists, pushPrismaExtensions } from '../../schema/push'
import { definePlugin } from '../kernel'
import '../notifications/contributions'
import { pushChannel } from './channel'
import { pushGraphql } from './graphql'
import { createSyncLimits, DEFAULT_SYNC_LIMITS, syncLimitsFromEnv, type SyncLimitOptions } from './sync-limits'

export { PUSH_CHANNEL } from './channel'

type PushTransport = Transport<PushContent, string>

export type PushPluginOptions = {
  /** By the name stored with each token; the factory returns undefined when the provider is not configured. */
  transports: Record<string, TransportFactory<PushTransport>>
  /** Where the syncRemoteClient limits count: Redis (shared by the API processes) or, without a URL, memory. */
  rateLimitStore?: RateLimitStore
  syncLimits?: Partial<SyncLimitOptions>
}

export function pushPlugin(options: PushPluginOptions) {
  const names = Object.keys(options.transports)
  const providers = new LazyTransports(
    names.map(name => () => {
      const transport = options.transports[name]()
      if (transport && transport.name !== name) throw new Error(`push transport registered as "${name}" calls itself "${transport.name}"`)
      return transport
    })
  )
  const syncLimits = createSyncLimits({ ...DEFAULT_SYNC_LIMITS, ...options.syncLimits }, options.rateLimitStore)
  return definePlugin({
    name: 'push',
    requires: ['notifications'],
    lists: pushLists,
    extendPrismaSchema: schema => pushPrismaExtensions.reduce((s, extend) => extend(s), schema),
    extendGraphqlSchema: pushGraphql(names, syncLimits),
    contributes: { channels: [pushChannel(providers)], closers: [() => providers.close(), () => syncLimits.close()] },
  })
}

/**
 * FCM_*, APNS_*, REDSTORE_* (see each adapter): every configured provider is used for its own tokens.
 * PUSH_SYNC_PER_IP_PER_HOUR, PUSH_SYNC_PER_DEVICE_PER_HOUR: the syncRemoteClient limits.
 */
export function pushPluginFromEnv(env: TransportEnv, rateLimitStore?: RateLimitStore) {
  return pushPlugin({
    transports: { fcm: () => fcmFromEnv(env), apns: () => apnsFromEnv(env), redstore: () => redstoreFromEnv(env) },
    rateLimitStore,
    syncLimits: syncLimitsFromEnv(env),
  })
}
