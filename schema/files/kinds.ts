// Who may download a file is decided by the plugin that owns it: each registers a file kind with an
// access check, run with the downloader's context at download time (the registry key `fileKinds`).
import type { KeystoneContext } from '@keystone-6/core/types'

/** The row the download route hands to a kind's check. */
export type StoredFileRow = {
  id: string
  kind: string
  ownerId: string
  organizationId: string | null
  uploadedById: string | null
  name: string
  contentType: string
  size: number
  status: string
  storage: string
  storageKey: string
  wrappedKey: string | null
  keyVersion: string | null
  noncePrefix: string | null
  expiresAt: Date | null
  createdAt: Date | null
}

export type FileKind = {
  /** Letters, digits, '-' and '_'; also the first segment of the storage key. */
  kind: string
  /** Whether the caller (the downloader's context, session included) may read this file now. */
  mayRead(context: KeystoneContext<any>, file: StoredFileRow): Promise<boolean>
}

export const FILE_KIND_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/

export function fileKindMap(kinds: readonly FileKind[]): Map<string, FileKind> {
  const byName = new Map<string, FileKind>()
  for (const kind of kinds) {
    if (!FILE_KIND_NAME.test(kind.kind)) throw new Error(`File kind "${kind.kind}": use letters, digits, '-' and '_'`)
    if (byName.has(kind.kind)) throw new Error(`File kind "${kind.kind}" is registered twice`)
    byName.set(kind.kind, kind)
  }
  return byName
}
