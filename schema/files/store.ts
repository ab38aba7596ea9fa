// Storing, opening and deleting encrypted files: the row and the object together. Used by plugins (through
// plugins/files' helpers) and by tasks (with the services the files plugin puts in the registry).
// The row is written first ('uploading'), the object second, then the row is 'ready': a crash in between
// leaves an 'uploading' row the sweeper removes with whatever part of the object exists.
import crypto from 'node:crypto'
import type { Readable } from 'node:stream'
import type { FileVault } from '../../adapters/storage/vault'
import { FILE_KIND_NAME, type StoredFileRow } from './kinds'
import type { LinkOptions } from './signed-link'

/** What the files plugin puts in the registry (key `files`). */
export type FileServices = { vault: FileVault; links: LinkOptions }

export type StoreFileInput = {
  kind: string
  ownerId: string
  organizationId?: string | null
  uploadedById?: string | null
  /** The name the download offers (Content-Disposition). */
  name: string
  stream: Readable
  expiresAt?: Date | null
}

const binding = (row: { id: string; kind: string; ownerId: string }) => ({ fileId: row.id, owner: `${row.kind}:${row.ownerId}` })

/** Encrypts and stores the stream; resolves with the ready row. `prisma`: a sudo context's client. */
export async function storeFile(prisma: any, vault: FileVault, input: StoreFileInput): Promise<StoredFileRow> {
  if (!FILE_KIND_NAME.test(input.kind)) throw new Error(`File kind "${input.kind}": use letters, digits, '-' and '_'`)
  const id = crypto.randomUUID()
  const storageKey = `${input.kind}/${id}`
  await prisma.storedFile.create({
    data: {
      id,
      kind: input.kind,
      ownerId: input.ownerId,
      organizationId: input.organizationId ?? null,
      uploadedById: input.uploadedById ?? null,
      name: input.name.slice(0, 200),
      contentType: 'application/octet-stream',
      status: 'uploading',
      storage: vault.storage.name,
      storageKey,
      expiresAt: input.expiresAt ?? null,
    },
  })
  try {
    const written = await vault.write(storageKey, input.stream, binding({ id, ...input }))
    return await prisma.storedFile.update({
      where: { id },
      data: { status: 'ready', size: written.size, contentType: written.contentType, ...written.envelope },
    })
  } catch (error) {
    await deleteStoredFile(prisma, vault, { id, storageKey }).catch(() => undefined)
    throw error
  }
}

/** The decrypted content of a ready file (refused before anything is read when the key or bytes are wrong). */
export function openStoredFile(vault: FileVault, row: StoredFileRow): Promise<Readable> {
  if (row.status !== 'ready' || !row.wrappedKey || !row.keyVersion || !row.noncePrefix) throw new Error(`File ${row.id} is not ready`)
  if (row.storage !== vault.storage.name) throw new Error(`File ${row.id} is in storage "${row.storage}", this process uses "${vault.storage.name}"`)
  return vault.read(row.storageKey, { wrappedKey: row.wrappedKey, keyVersion: row.keyVersion, noncePrefix: row.noncePrefix }, binding(row))
}

/** Removes the object, then the row (a failure in between leaves a row the sweeper retries). */
export async function deleteStoredFile(prisma: any, vault: FileVault, row: { id: string; storageKey: string }) {
  await vault.storage.delete(row.storageKey)
  await prisma.storedFile.deleteMany({ where: { id: row.id } })
}
