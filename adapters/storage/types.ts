// The file storage contract: where encrypted bytes rest (the local disk or an S3-compatible bucket).
// A backend stores opaque objects by key; it knows nothing of files, owners or encryption
// (./envelope.ts encrypts before put and decrypts after get).
import type { Readable } from 'node:stream'

export interface FileStorage {
  /** Recorded on each stored file, so a file is read back from where it was written. */
  readonly name: string
  /** Writes the whole stream under `key` (replacing any object there); resolves with the bytes written. */
  put(key: string, body: Readable): Promise<{ size: number }>
  /** The object's bytes; rejects with StorageNotFoundError when there is none. */
  get(key: string): Promise<Readable>
  /** Deleting a key that does not exist is not an error. */
  delete(key: string): Promise<void>
  exists(key: string): Promise<boolean>
  /** Releases clients (S3's sockets). */
  close?(): Promise<void>
}

export class StorageNotFoundError extends Error {
  name = 'StorageNotFoundError'
  constructor(readonly key: string) {
    super(`No stored object under key "${key}"`)
  }
}

export class InvalidStorageKeyError extends Error {
  name = 'InvalidStorageKeyError'
  constructor(readonly key: string) {
    super(`Invalid storage key "${key.slice(0, 80)}": use segments of letters, digits, '.', '_' and '-' separated by '/'`)
  }
}

// Segments may not start with '.', so '..' and hidden files are impossible; no absolute paths, no '\'.
const KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}(\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}){0,7}$/

/** Keys are the same on every backend and safe as relative paths on any filesystem. */
export function assertStorageKey(key: string): string {
  if (typeof key !== 'string' || !KEY.test(key)) throw new InvalidStorageKeyError(String(key))
  return key
}
