// The files plugin: encrypted file storage (adapters/storage) with signed, access-checked downloads.
// Owning plugins register a file kind (`contributes: { fileKinds: [{ kind, mayRead }] }`) and store files
// with `storeFile(context, ...)`; they show `fileDownloadPath(context, fileId)` to the signed-in user.
// See docs/plugins.md, "Storing a file of your plugin".
import { positiveIntegerFromEnv } from '../../adapters/env'
import crypto from 'node:crypto'
import type { Readable } from 'node:stream'
import type { KeystoneContext } from '@keystone-6/core/types'
import { fileStorageFromEnv } from '../../adapters/storage'
import { masterKeyringFromEnv } from '../../adapters/storage/keyring'
import { FileVault } from '../../adapters/storage/vault'
import { createRateLimitGroup, type RateLimitStore } from '../../adapters/rate-limit'
import { StoredFile } from '../../schema/files/stored-file'
import { fileKindMap, type FileKind, type StoredFileRow } from '../../schema/files/kinds'
import { signedFilePath } from '../../schema/files/signed-link'
import { deleteStoredFile, openStoredFile, storeFile as storeFileRow, type FileServices, type StoreFileInput } from '../../schema/files/store'
import type { Session } from '../../schema/shared/session'
import { fileServices, sweepFilesTask } from '../../tasks/sweep-files'
import { definePlugin, registryOf } from '../kernel'
import { downloadRoute } from './download-route'

export type { FileKind, StoredFileRow } from '../../schema/files/kinds'
export type { FileServices } from '../../schema/files/store'

declare module '../kernel/types' {
  interface Contributions {
    /** Who may download files of a kind; registered by the plugin that owns the files. */
    fileKinds: FileKind
    /** The vault and link options (one, from the files plugin). */
    files: FileServices
  }
}

export type FilesPluginOptions = {
  services: FileServices
  rateLimitStore?: RateLimitStore
  /** Refused download attempts per client address per 10 minutes. */
  refusalsPerIp?: number
  sweepEveryMs?: number
}

export function filesPlugin(options: FilesPluginOptions) {
  const limits = createRateLimitGroup(options.rateLimitStore)
  const refusals = limits.limit('file-download-refusals', options.refusalsPerIp ?? 60, 600)
  return definePlugin({
    name: 'files',
    requires: ['tasks'],
    lists: { StoredFile },
    extendExpressApp: (app, context) => {
      let kinds: Map<string, FileKind> | undefined
      downloadRoute(app, context, { services: options.services, refusals, kinds: () => (kinds ??= fileKindMap(registryOf(context).all('fileKinds'))) })
    },
    onConnect: async context => {
      fileKindMap(registryOf(context).all('fileKinds')) // a duplicate or badly named kind stops start-up
    },
    contributes: {
      files: [options.services],
      tasks: [sweepFilesTask],
      schedules: [{ task: sweepFilesTask, everyMs: options.sweepEveryMs ?? 15 * 60_000, atStart: true }],
      closers: [() => limits.close(), async () => options.services.vault.storage.close?.()],
    },
  })
}

/**
 * FILES_STORAGE and FILES_S3_* (adapters/storage), FILES_MASTER_KEY(_PREVIOUS), FILES_LINK_SECRET (default:
 * derived from the session secret), FILES_LINK_TTL_MINUTES (15), FILES_DOWNLOAD_REFUSALS_PER_IP (60 per 10 min).
 */
export function filesServicesFromEnv(env: NodeJS.ProcessEnv, sessionSecret: string): FileServices {
  const secret = env.FILES_LINK_SECRET?.trim()
  if (secret && secret.length < 32) throw new Error('FILES_LINK_SECRET must be at least 32 characters long')
  return {
    vault: new FileVault(fileStorageFromEnv(env), masterKeyringFromEnv(env)),
    links: {
      secret: secret ? Buffer.from(secret) : crypto.createHmac('sha256', sessionSecret).update('cms-file-links').digest(),
      ttlMinutes: positiveIntegerFromEnv(env, 'FILES_LINK_TTL_MINUTES', 15),
    },
  }
}

export function filesPluginFromEnv(env: NodeJS.ProcessEnv, sessionSecret: string, rateLimitStore: RateLimitStore) {
  return filesPlugin({ services: filesServicesFromEnv(env, sessionSecret), rateLimitStore, refusalsPerIp: positiveIntegerFromEnv(env, 'FILES_DOWNLOAD_REFUSALS_PER_IP', 60) })
}

// --- the API for plugins that store files --------------------------------------------------------

const servicesOf = (context: KeystoneContext<any>) => fileServices(registryOf(context))

/** Encrypts and stores a file of your kind; the row is 'ready' when this resolves. Runs as the system. */
export function storeFile(context: KeystoneContext<any>, input: StoreFileInput): Promise<StoredFileRow> {
  return storeFileRow(context.sudo().prisma, servicesOf(context).vault, input)
}

/** A download link for the signed-in user of `context` (null without one), valid FILES_LINK_TTL_MINUTES. */
export function fileDownloadPath(context: KeystoneContext<any>, fileId: string): string | null {
  const userId = (context.session as Session | undefined)?.itemId
  return userId ? signedFilePath(servicesOf(context).links, fileId, userId) : null
}

/** The decrypted content, for the system's own use (the download route is the users' way). */
export async function readFile(context: KeystoneContext<any>, fileId: string): Promise<Readable> {
  const row = await context.sudo().prisma.storedFile.findUniqueOrThrow({ where: { id: fileId } })
  return openStoredFile(servicesOf(context).vault, row)
}

export async function deleteFile(context: KeystoneContext<any>, fileId: string) {
  const row = await context.sudo().prisma.storedFile.findUnique({ where: { id: fileId }, select: { id: true, storageKey: true } })
  if (row) await deleteStoredFile(context.sudo().prisma, servicesOf(context).vault, row)
}
