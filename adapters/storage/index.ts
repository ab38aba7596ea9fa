// Which storage backend the environment asks for. A new backend is one more entry in STORAGE_BACKENDS.
import path from 'node:path'
import { LocalFileStorage } from './local'
import { S3FileStorage } from './s3'
import type { FileStorage } from './types'

export * from './types'
export { LocalFileStorage } from './local'
export { S3FileStorage } from './s3'

type Env = NodeJS.ProcessEnv

function required(env: Env, name: string) {
  const value = env[name]?.trim()
  if (!value) throw new Error(`FILES_STORAGE=s3 needs ${name}`)
  return value
}

export const STORAGE_BACKENDS: Readonly<Record<string, (env: Env, dataDir: string) => FileStorage>> = {
  local: (env, dataDir) => new LocalFileStorage(env.FILES_DIR?.trim() || path.join(dataDir, 'files')),
  s3: env =>
    new S3FileStorage({
      bucket: required(env, 'FILES_S3_BUCKET'),
      region: env.FILES_S3_REGION?.trim() || 'us-east-1',
      endpoint: env.FILES_S3_ENDPOINT?.trim() || undefined,
      forcePathStyle: env.FILES_S3_FORCE_PATH_STYLE === 'true',
      prefix: env.FILES_S3_PREFIX?.trim() || undefined,
      // without them the SDK's default chain applies (instance role, AWS_* variables, profiles)
      credentials: env.FILES_S3_ACCESS_KEY_ID?.trim()
        ? { accessKeyId: env.FILES_S3_ACCESS_KEY_ID.trim(), secretAccessKey: required(env, 'FILES_S3_SECRET_ACCESS_KEY') }
        : undefined,
    }),
}

/** FILES_STORAGE (local | s3; default s3 when FILES_S3_BUCKET is set, else local). */
export function fileStorageFromEnv(env: Env = process.env, dataDir = path.resolve('data')): FileStorage {
  const name = env.FILES_STORAGE?.trim() || (env.FILES_S3_BUCKET?.trim() ? 's3' : 'local')
  const factory = STORAGE_BACKENDS[name]
  if (!factory) throw new Error(`FILES_STORAGE is "${name}", which is not a storage backend (known: ${Object.keys(STORAGE_BACKENDS).join(', ')})`)
  return factory(env, dataDir)
}
