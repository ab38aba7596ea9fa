// The device key: a secret the app generates once per installation and sends on every sync. Only its
// sha256 is stored; a later call must present the same key (a device id alone is not proof of ownership).
import crypto from 'node:crypto'

export const DEVICE_KEY_MIN_LENGTH = 32
export const DEVICE_KEY_MAX_LENGTH = 256

export function hashDeviceKey(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex')
}

/** Constant time: both sides are sha256 hex digests of the same length. */
export function deviceKeyMatches(key: string | null | undefined, storedHash: string | null | undefined): boolean {
  if (!key || !storedHash) return false
  const given = Buffer.from(hashDeviceKey(key), 'hex')
  const stored = Buffer.from(storedHash, 'hex')
  return given.length === stored.length && crypto.timingSafeEqual(given, stored)
}
