// Hourly limits on syncRemoteClient, the push plugin's anonymous write: per client address (many devices
// behind one address) and per device, so no caller can create or rewrite rows without bound.
import { createRateLimitGroup, type RateLimit, type RateLimitStore } from '../../adapters/rate-limit'
import { spendOrRefuse } from '../../schema/shared/rate-limited'

export type SyncLimitOptions = { perIpPerHour: number; perDevicePerHour: number }

export const DEFAULT_SYNC_LIMITS: SyncLimitOptions = { perIpPerHour: 300, perDevicePerHour: 30 }

export type SyncLimits = {
  /** Spends one call of this device and of this address; throws TOO_MANY_REQUESTS when either is spent. */
  consume(ip: string, device: { appId: string; deviceId: string }): Promise<void>
  close(): Promise<void>
}

const HOUR = 60 * 60

export function createSyncLimits(options: SyncLimitOptions, store: RateLimitStore = {}): SyncLimits {
  const group = createRateLimitGroup(store)
  const perDevice = group.limit('push-sync-device', options.perDevicePerHour, HOUR)
  const perIp = group.limit('push-sync-ip', options.perIpPerHour, HOUR)
  return {
    async consume(ip, { appId, deviceId }) {
      // the device first: one device syncing in a loop should not spend its neighbours' shared address
      await consume(perDevice, `${appId}:${deviceId}`, 'Too many syncs of this device; try again later')
      await consume(perIp, ip, 'Too many device syncs from this address; try again later')
    },
    close: () => group.close(),
  }
}

// the limiter's store down: refuse rather than take unlimited anonymous writes
const UNAVAILABLE = 'Device sync is temporarily unavailable; try again later'
const consume = (limit: RateLimit, key: string, limited: string) => spendOrRefuse(limit, key, { limited, unavailable: UNAVAILABLE })

/** PUSH_SYNC_PER_IP_PER_HOUR, PUSH_SYNC_PER_DEVICE_PER_HOUR: positive integers; unset keeps the default. */
export function syncLimitsFromEnv(env: Readonly<Record<string, string | undefined>>): Partial<SyncLimitOptions> {
  const limits: Partial<SyncLimitOptions> = {}
  const read = (name: string, key: keyof SyncLimitOptions) => {
    const raw = env[name]?.trim()
    if (!raw) return
    const value = Number(raw)
    if (!(Number.isSafeInteger(value) && value > 0)) throw new Error(`${name} must be a positive integer (got "${env[name]}")`)
    limits[key] = value
  }
  read('PUSH_SYNC_PER_IP_PER_HOUR', 'perIpPerHour')
  read('PUSH_SYNC_PER_DEVICE_PER_HOUR', 'perDevicePerHour')
  return limits
}
