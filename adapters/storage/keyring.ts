// The master keys that wrap each file's data key. FILES_MASTER_KEY is the current key (32 bytes, base64
// or hex); FILES_MASTER_KEY_PREVIOUS lists older keys (comma separated) that still unwrap files not yet
// re-wrapped by `npm run files:rotate-key`. In development a key is generated once under data/ (like the
// session secret); production refuses to start without one.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export type MasterKey = { version: string; key: Buffer }

export class UnknownKeyVersionError extends Error {
  name = 'UnknownKeyVersionError'
  constructor(readonly version: string) {
    super(`No master key of version ${version} is configured (FILES_MASTER_KEY, FILES_MASTER_KEY_PREVIOUS)`)
  }
}

/** A key's version is derived from the key (an HMAC, which says nothing about it): no numbering to get wrong. */
export function keyVersionOf(key: Buffer) {
  return crypto.createHmac('sha256', key).update('cms-files-master-key-version').digest('hex').slice(0, 16)
}

export function parseMasterKey(text: string, name = 'FILES_MASTER_KEY'): MasterKey {
  const value = text.trim()
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64')
  if (key.length !== 32) throw new Error(`${name} must be 32 random bytes, base64 or hex encoded (e.g. \`openssl rand -base64 32\`)`)
  return { version: keyVersionOf(key), key }
}

export class MasterKeyring {
  private readonly byVersion = new Map<string, MasterKey>()
  constructor(
    readonly current: MasterKey,
    previous: readonly MasterKey[] = []
  ) {
    for (const key of [current, ...previous]) this.byVersion.set(key.version, key)
  }

  get(version: string): MasterKey {
    const key = this.byVersion.get(version)
    if (!key) throw new UnknownKeyVersionError(version)
    return key
  }
}

export function masterKeyringFromEnv(env: NodeJS.ProcessEnv = process.env, dataDir = path.resolve('data')): MasterKeyring {
  const previous = (env.FILES_MASTER_KEY_PREVIOUS ?? '')
    .split(',')
    .map(part => part.trim())
    .filter(Boolean)
    .map(part => parseMasterKey(part, 'FILES_MASTER_KEY_PREVIOUS'))
  const fromEnv = env.FILES_MASTER_KEY?.trim()
  if (fromEnv) return new MasterKeyring(parseMasterKey(fromEnv), previous)
  if (env.NODE_ENV === 'production') {
    throw new Error('FILES_MASTER_KEY is required when NODE_ENV=production (32 random bytes, base64: `openssl rand -base64 32`)')
  }
  return new MasterKeyring(developmentKey(dataDir), previous)
}

function developmentKey(dataDir: string): MasterKey {
  const file = path.join(dataDir, 'files-master-key')
  try {
    return parseMasterKey(fs.readFileSync(file, 'utf8'), file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    fs.mkdirSync(dataDir, { recursive: true })
    // wx: if another process wrote it first, keep theirs
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 })
    } catch {}
    return parseMasterKey(fs.readFileSync(file, 'utf8'), file)
  }
}
