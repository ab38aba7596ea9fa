// One run of a contact export: claim the task, read the contacts in keyset pages into the streaming
// workbook, which writes into the encrypted file store as it goes. Each page moves `processed` and the
// heartbeat in one guarded UPDATE; when that UPDATE finds the task no longer running as this run (it was
// cancelled, or the sweeper gave it to a new run), the run stops and its partial file is deleted.
import { once } from 'node:events'
import { PassThrough } from 'node:stream'
import { storeFile, deleteStoredFile, type FileServices } from '../../schema/files/store'
import type { Locale } from '../../schema/shared/locale'
import type { ArchiveScope } from '../../schema/exports/statuses'
import { contactPages, contactWhere, type ExportFilter } from './contact-pages'
import type { ExportOptions } from './options'
import { contactWorkbook } from './workbook'

export const CONTACT_EXPORT_FILE_KIND = 'contactExport'

/** The run lost the task (cancelled, or restarted elsewhere): stop without touching the row. */
class RunStopped extends Error {
  name = 'RunStopped'
}

/** A reason staff can act on, shown as the task's error. */
export class ExportRefused extends Error {
  name = 'ExportRefused'
}

async function holds(prisma: any, userId: string | null, organizationId: string, permission: string) {
  if (!userId) return false
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { isAdmin: true } })
  if (user?.isAdmin) return true
  return (await prisma.organizationEmployee.count({ where: { userId, organizationId, [permission]: true } })) > 0
}

const fileName = (at: Date) => `contacts-${at.toISOString().slice(0, 16).replace(/[T:]/g, '-')}.xlsx`

/** Resolves when the stream can take more, or is gone. */
function drained(stream: PassThrough) {
  if (stream.writableLength <= stream.writableHighWaterMark || stream.destroyed) return
  return Promise.race([once(stream, 'drain'), once(stream, 'close')])
}

export async function runExport(prisma: any, services: FileServices, options: ExportOptions, taskId: string, attempt: number) {
  const now = new Date()
  const claimed = await prisma.contactExportTask.updateMany({
    where: { id: taskId, status: 'queued', attempt: attempt - 1 },
    data: { status: 'running', attempt, startedAt: now, heartbeatAt: now, processed: 0, error: null },
  })
  if (claimed.count === 0) return { ran: false as const }
  const task = await prisma.contactExportTask.findUniqueOrThrow({ where: { id: taskId } })
  const mine = { id: taskId, status: 'running', attempt }
  try {
    if (!(await holds(prisma, task.startedById, task.organizationId, 'exportContacts'))) {
      throw new ExportRefused('The person who started this export no longer holds exportContacts in the organization')
    }
    const includeContactDetails = await holds(prisma, task.startedById, task.organizationId, 'readContacts')
    const filter: ExportFilter = {
      organizationId: task.organizationId,
      propertyId: task.filterPropertyId,
      type: task.filterType,
      roleId: task.filterRoleId,
      archived: task.archived as ArchiveScope,
    }
    const total = await prisma.contact.count({ where: contactWhere(filter) })
    await prisma.contactExportTask.updateMany({ where: mine, data: { total, includesContactDetails: includeContactDetails ? 'yes' : 'no' } })

    const expiresAt = new Date(Date.now() + options.ttlDays * 86_400_000)
    const output = new PassThrough({ highWaterMark: 1 << 20 })
    const stored = storeFile(prisma, services.vault, {
      kind: CONTACT_EXPORT_FILE_KIND,
      ownerId: taskId,
      organizationId: task.organizationId,
      uploadedById: task.startedById,
      name: fileName(now),
      stream: output,
      expiresAt,
    })
    // a storage failure must stop the writer, not leave it waiting for a reader that is gone
    stored.catch(error => output.destroy(error))
    try {
      const sheet = contactWorkbook(output, { locale: (task.locale || 'en') as Locale, includeContactDetails })
      let processed = 0
      for await (const page of contactPages(prisma, filter, options.pageSize)) {
        await sheet.add(page)
        processed += page.length
        const beat = await prisma.contactExportTask.updateMany({ where: mine, data: { processed, heartbeatAt: new Date() } })
        if (beat.count === 0) throw new RunStopped()
        await drained(output)
        if (output.destroyed) break
      }
      await sheet.finish()
      const file = await stored
      const done = await prisma.contactExportTask.updateMany({
        where: mine,
        data: { status: 'done', processed, fileId: file.id, fileExpiresAt: expiresAt, finishedAt: new Date(), heartbeatAt: new Date() },
      })
      if (done.count === 0) {
        await deleteStoredFile(prisma, services.vault, file)
        throw new RunStopped()
      }
      return { ran: true as const, processed, fileId: file.id }
    } catch (error) {
      output.destroy()
      await stored.catch(() => undefined) // storeFile removes its own partial file
      throw error
    }
  } catch (error) {
    if (error instanceof RunStopped) return { ran: false as const, stopped: true }
    const reason = error instanceof ExportRefused ? error.message : 'The export failed unexpectedly; start it again, and tell an administrator if it keeps failing'
    if (!(error instanceof ExportRefused)) console.error(`[exports] export ${taskId} failed:`, error)
    await prisma.contactExportTask.updateMany({ where: mine, data: { status: 'failed', error: reason, finishedAt: new Date() } })
    return { ran: true as const, failed: reason }
  }
}
