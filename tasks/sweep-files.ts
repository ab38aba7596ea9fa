// The files sweeper: deletes files past their expiry (exports after EXPORT_TTL_DAYS) and uploads that
// never finished (a process died mid-write), object first, then row. Paged; the next run takes the rest.
import type { FileServices } from '../schema/files/store'
import { deleteStoredFile } from '../schema/files/store'
import { defineTask, type RegistryReader } from './define'

export const SWEEP_FILES_TASK = 'sweepFiles'
/** An upload still 'uploading' after this long was abandoned. */
export const ABANDONED_UPLOAD_MS = 60 * 60 * 1000
const PAGE = 200

export function fileServices(registry: RegistryReader): FileServices {
  const [services] = registry.all('files') as FileServices[]
  if (!services) throw new Error('No file services in the registry: is the files plugin in the plugin list?')
  return services
}

export async function sweepFiles(prisma: any, services: FileServices, now = new Date()) {
  const due = await prisma.storedFile.findMany({
    where: { OR: [{ expiresAt: { lte: now } }, { status: 'uploading', createdAt: { lte: new Date(now.getTime() - ABANDONED_UPLOAD_MS) } }] },
    select: { id: true, storageKey: true },
    orderBy: { id: 'asc' },
    take: PAGE,
  })
  let deleted = 0
  for (const row of due) {
    try {
      await deleteStoredFile(prisma, services.vault, row)
      deleted++
    } catch (error) {
      console.warn(`[files] sweeper could not delete file ${row.id}: ${(error as Error).message}`)
    }
  }
  return { deleted }
}

export const sweepFilesTask = defineTask<Record<string, never>>({
  name: SWEEP_FILES_TASK,
  concurrency: 1,
  retry: { attempts: 1 },
  run: (_payload, { context, registry }) => sweepFiles(context.prisma, fileServices(registry)),
})
