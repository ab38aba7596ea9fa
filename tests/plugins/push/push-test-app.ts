// A test app with the push plugin wired to the three local fakes through the real SDKs (firebase-admin,
// @parse/node-apn, fetch for RedStore), and a helper that registers a device as its app would. The
// syncRemoteClient limits count in Redis when REDIS_URL is set (under the app's own prefix), else in memory.
import crypto from 'node:crypto'
import { ApnsPushTransport } from '../../../adapters/push/apns'
import { FcmPushTransport } from '../../../adapters/push/fcm'
import { RedstorePushTransport } from '../../../adapters/push/redstore'
import { pushPlugin } from '../../../plugins/push'
import type { SyncLimitOptions } from '../../../plugins/push/sync-limits'
import { startTestApp } from '../../harness/app'
import { startApnsFake } from '../../fakes/apns'
import { startFcmFake } from '../../fakes/fcm'
import { startRedstoreFake } from '../../fakes/redstore'
import { channelTypesPlugin } from '../channel-types'

const fcmAuth = { projectId: 'cms-test', accessToken: 'ya29.push-channel-test' }
const apnsAuth = { teamId: 'TEAM123456', keyId: 'KEY1234567', topic: 'com.example.cms.resident' }
const redstoreAuth = { projectId: 'redstore-project', serviceToken: 'redstore-service-token' }

type Options = {
  http?: boolean
  syncLimits?: Partial<SyncLimitOptions>
  /** Overrides where the limits count (default: REDIS_URL when set, else memory). */
  rateLimitRedisUrl?: string
}

export async function startPushTestApp(options: Options = {}) {
  const keys = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const fcm = await startFcmFake(fcmAuth)
  const apns = await startApnsFake({ teamId: apnsAuth.teamId, keyId: apnsAuth.keyId, publicKey: keys.publicKey })
  const redstore = await startRedstoreFake(redstoreAuth)
  const prefix = `test-push-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
  const plugin = pushPlugin({
    rateLimitStore: { redisUrl: options.rateLimitRedisUrl ?? (process.env.REDIS_URL?.trim() || undefined), keyPrefix: prefix },
    syncLimits: options.syncLimits,
    transports: {
      fcm: () =>
        new FcmPushTransport({
          projectId: fcmAuth.projectId,
          credential: { getAccessToken: async () => ({ access_token: fcmAuth.accessToken, expires_in: 3600 }) },
          endpoint: { host: '127.0.0.1', port: fcm.port, ca: fcm.ca },
        }),
      apns: () =>
        new ApnsPushTransport({
          key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          keyId: apnsAuth.keyId,
          teamId: apnsAuth.teamId,
          topic: apnsAuth.topic,
          production: false,
          connectionRetryLimit: 0,
          endpoint: { host: '127.0.0.1', port: apns.port, ca: apns.ca },
        }),
      redstore: () => new RedstorePushTransport({ ...redstoreAuth, baseUrl: redstore.url }),
    },
  })
  const app = await startTestApp({ http: options.http, channels: [plugin], plugins: [channelTypesPlugin], env: { QUEUE_PREFIX: prefix } })
  return {
    app,
    fcm,
    apns,
    redstore,
    topic: apnsAuth.topic,
    async close() {
      await app.close()
      await Promise.all([fcm.close(), apns.close(), redstore.close()])
    },
  }
}

export const SYNC = `mutation($data: SyncRemoteClientInput!) {
  syncRemoteClient(data: $data) { id deviceId appId platform appVersion hasOwner pushTokenCount }
}`

export const newDeviceKey = () => crypto.randomBytes(32).toString('base64url')

/** Everything a rejected syncRemoteClient / disconnectRemoteClient must not have changed. */
export function deviceSnapshot(prisma: any, deviceId: string, appId: string) {
  return prisma.remoteClient.findUnique({
    where: { deviceId_appId: { deviceId, appId } },
    select: { ownerId: true, platform: true, appVersion: true, deviceKeyHash: true, updatedAt: true, pushTokens: { select: { transport: true, token: true }, orderBy: { token: 'asc' } } },
  })
}
