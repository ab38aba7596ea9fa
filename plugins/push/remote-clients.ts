// syncRemoteClient and disconnectRemoteClient: what a device's app calls to register its push tokens and
// to sign out. Everything is validated before the first write and written in one transaction, so a
// rejected call changes nothing.
import { isUniqueViolation } from '../../adapters/database/unique-violation'
import { PLATFORMS, type Platform } from '../../schema/push'
import { typedError } from '../../schema/shared/errors'
import { DEVICE_KEY_MAX_LENGTH, DEVICE_KEY_MIN_LENGTH, deviceKeyMatches, hashDeviceKey } from './device-key'

export const MAX_PUSH_TOKENS_PER_CALL = 20
const MAX_TOKEN_LENGTH = 4096
const MAX_META_BYTES = 4096

export type PushTokenInput = { transport: string; token: string }

export type SyncRemoteClientInput = {
  deviceId: string
  appId: string
  platform: string
  deviceKey?: string | null
  appVersion?: string | null
  meta?: unknown
  /** The device's current tokens: they replace the stored ones. Null/absent: the stored tokens stay. */
  pushTokens?: readonly PushTokenInput[] | null
}

export type RemoteClientSummary = { id: string; deviceId: string; appId: string; platform: string; appVersion: string; hasOwner: boolean; pushTokenCount: number }

export type Identity = { deviceId: string; appId: string }

function identity(input: { deviceId: string; appId: string }): Identity {
  const deviceId = String(input.deviceId ?? '').trim()
  const appId = String(input.appId ?? '').trim()
  if (!deviceId || deviceId.length > 200) throw typedError('WRONG_DEVICE_ID', 'deviceId must be 1 to 200 characters')
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(appId)) throw typedError('WRONG_APP_ID', 'appId must be 1 to 200 letters, digits, dots, dashes or underscores (e.g. com.example.resident)')
  return { deviceId, appId }
}

function validDeviceKey(key: string | null | undefined): string | undefined {
  if (key === null || key === undefined) return undefined
  if (key.length < DEVICE_KEY_MIN_LENGTH || key.length > DEVICE_KEY_MAX_LENGTH) {
    throw typedError('WRONG_DEVICE_KEY', `The device key must be ${DEVICE_KEY_MIN_LENGTH} to ${DEVICE_KEY_MAX_LENGTH} characters (generate a random one per installation)`)
  }
  return key
}

function validTokens(tokens: readonly PushTokenInput[] | null | undefined, transports: readonly string[]): PushTokenInput[] | undefined {
  if (tokens === null || tokens === undefined) return undefined
  if (tokens.length > MAX_PUSH_TOKENS_PER_CALL) {
    throw typedError('TOO_MANY_PUSH_TOKENS', `At most ${MAX_PUSH_TOKENS_PER_CALL} push tokens per call (got ${tokens.length})`, { max: MAX_PUSH_TOKENS_PER_CALL })
  }
  const unique = new Map<string, PushTokenInput>()
  for (const { transport, token } of tokens) {
    if (!transports.includes(transport)) throw typedError('UNKNOWN_PUSH_TRANSPORT', `Unknown push transport "${transport}" (known: ${transports.join(', ')})`)
    const trimmed = String(token ?? '').trim()
    if (!trimmed || trimmed.length > MAX_TOKEN_LENGTH || /\s/.test(trimmed)) throw typedError('WRONG_PUSH_TOKEN', `A push token must be 1 to ${MAX_TOKEN_LENGTH} characters without spaces`)
    unique.set(`${transport}\n${trimmed}`, { transport, token: trimmed })
  }
  return [...unique.values()]
}

function validMeta(meta: unknown): Record<string, unknown> | undefined {
  if (meta === null || meta === undefined) return undefined
  if (typeof meta !== 'object' || Array.isArray(meta)) throw typedError('WRONG_DEVICE_META', 'meta must be a JSON object')
  if (Buffer.byteLength(JSON.stringify(meta)) > MAX_META_BYTES) throw typedError('WRONG_DEVICE_META', `meta must be at most ${MAX_META_BYTES} bytes of JSON`)
  return meta as Record<string, unknown>
}

/**
 * Upserts by (deviceId, appId). Creating needs a device key; an existing device needs the same key.
 * A signed-in caller becomes the owner; an anonymous call leaves the owner as it is (an app may sync
 * before it restored its session: signing out is disconnectRemoteClient's job).
 * `consumeLimit` runs once the identity is valid, before the database is touched.
 */
export async function syncRemoteClient(
  prisma: any,
  callerId: string | undefined,
  input: SyncRemoteClientInput,
  transports: readonly string[],
  consumeLimit: (device: Identity) => Promise<void>
): Promise<RemoteClientSummary> {
  const id = identity(input)
  await consumeLimit(id)
  if (!(PLATFORMS as readonly string[]).includes(input.platform)) throw typedError('WRONG_PLATFORM', `platform must be one of ${PLATFORMS.join(', ')}`)
  const platform = input.platform as Platform
  const deviceKey = validDeviceKey(input.deviceKey)
  const tokens = validTokens(input.pushTokens, transports)
  const meta = validMeta(input.meta)
  const appVersion = input.appVersion === null || input.appVersion === undefined ? undefined : String(input.appVersion).trim().slice(0, 50)

  const run = () =>
    prisma.$transaction(async (tx: any) => {
      const existing = await tx.remoteClient.findUnique({ where: { deviceId_appId: id }, select: { id: true, deviceKeyHash: true } })
      const fields = {
        platform,
        ...(appVersion !== undefined ? { appVersion } : {}),
        ...(meta !== undefined ? { meta } : {}),
        ...(callerId ? { ownerId: callerId } : {}),
      }
      let clientId: string
      if (!existing) {
        if (!deviceKey) throw typedError('DEVICE_KEY_REQUIRED', 'A new device must send its device key')
        clientId = (await tx.remoteClient.create({ data: { ...id, ...fields, deviceKeyHash: hashDeviceKey(deviceKey) }, select: { id: true } })).id
      } else {
        if (!deviceKeyMatches(deviceKey, existing.deviceKeyHash)) throw deviceKeyMismatch()
        clientId = existing.id
        await tx.remoteClient.update({ where: { id: clientId }, data: fields })
      }
      if (tokens) await replaceTokens(tx, clientId, tokens)
      return summary(tx, clientId)
    })
  try {
    return await run()
  } catch (error) {
    // two first syncs of one device at once, or a token moving between devices at the same moment
    if (!isUniqueViolation(error)) throw error
    return run()
  }
}

async function replaceTokens(tx: any, clientId: string, tokens: PushTokenInput[]) {
  await tx.pushToken.deleteMany({ where: { remoteClientId: clientId } })
  // a token belongs to the device that synced it last (a reinstall gets a new deviceId, same token)
  if (tokens.length) await tx.pushToken.deleteMany({ where: { OR: tokens.map(t => ({ transport: t.transport, token: t.token })) } })
  for (const token of tokens) await tx.pushToken.create({ data: { ...token, remoteClientId: clientId } })
}

async function summary(tx: any, clientId: string): Promise<RemoteClientSummary> {
  const client = await tx.remoteClient.findUnique({
    where: { id: clientId },
    select: { id: true, deviceId: true, appId: true, platform: true, appVersion: true, ownerId: true, _count: { select: { pushTokens: true } } },
  })
  return {
    id: client.id,
    deviceId: client.deviceId,
    appId: client.appId,
    platform: client.platform,
    appVersion: client.appVersion ?? '',
    hasOwner: !!client.ownerId,
    pushTokenCount: client._count.pushTokens,
  }
}

const deviceKeyMismatch = () => typedError('DEVICE_KEY_MISMATCH', 'The device key does not match the one this device registered with')

/** Sign-out: the device keeps its registration but loses its owner and its tokens. Needs the device key. */
export async function disconnectRemoteClient(prisma: any, input: { deviceId: string; appId: string; deviceKey: string }): Promise<boolean> {
  const id = identity(input)
  return prisma.$transaction(async (tx: any) => {
    const existing = await tx.remoteClient.findUnique({ where: { deviceId_appId: id }, select: { id: true, deviceKeyHash: true } })
    if (!existing) throw typedError('REMOTE_CLIENT_NOT_FOUND', 'No such device is registered')
    if (!deviceKeyMatches(input.deviceKey, existing.deviceKeyHash)) throw deviceKeyMismatch()
    await tx.pushToken.deleteMany({ where: { remoteClientId: existing.id } })
    await tx.remoteClient.update({ where: { id: existing.id }, data: { ownerId: null } })
    return true
  })
}
