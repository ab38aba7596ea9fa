// The contacts export: ContactExportTask (schema/exports), the export task and its sweeper (tasks/), the
// file kind that lets only the starter download the file, and the Admin UI entries.
import { positiveNumberFromEnv } from '../../adapters/env'
import type { KeystoneContext } from '@keystone-6/core/types'
import { contactExportTaskList } from '../../schema/exports/contact-export-task'
import { holdsPermission } from '../../schema/shared/access'
import { addCompositeIndex } from '../../schema/shared/prisma-schema'
import type { Session } from '../../schema/shared/session'
import { exportContactsTask, sweepExportsTask } from '../../tasks/export-contacts'
import { DEFAULT_EXPORT_OPTIONS, exportJobId, type ExportOptions } from '../../tasks/exports/options'
import { CONTACT_EXPORT_FILE_KIND } from '../../tasks/exports/run-export'
import { fileDownloadPath, type FileKind } from '../files'
import { definePlugin } from '../kernel'
import { enqueue } from '../tasks'

declare module '../kernel/types' {
  interface Contributions {
    exportOptions: ExportOptions
  }
}

/** The Admin UI page of exports (admin/pages/contact-exports.tsx). */
export const EXPORTS_PAGE = '/contact-exports'

/** A file of an export: its starter, while still holding exportContacts there (admins: their own exports). */
export const contactExportFileKind: FileKind = {
  kind: CONTACT_EXPORT_FILE_KIND,
  async mayRead(context, file) {
    const session = context.session as Session | undefined
    if (!session) return false
    const task = await context.sudo().prisma.contactExportTask.findUnique({ where: { id: file.ownerId }, select: { startedById: true, organizationId: true, fileId: true } })
    if (!task || task.fileId !== file.id || task.startedById !== session.itemId) return false
    return holdsPermission(context, task.organizationId, 'exportContacts')
  },
}

async function recentExports(context: KeystoneContext<any>) {
  const since = new Date(Date.now() - 7 * 86_400_000)
  const where = { createdAt: { gte: since } }
  const [count, latest] = await Promise.all([
    context.query.ContactExportTask.count({ where }),
    context.query.ContactExportTask.findMany({ where, take: 5, orderBy: { createdAt: 'desc' }, query: 'id label status processed total' }),
  ])
  return {
    count,
    href: EXPORTS_PAGE,
    items: latest.map((task: any) => ({
      label: `${task.label}: ${task.status}${task.status === 'running' && task.total ? ` ${Math.floor((100 * task.processed) / task.total)}%` : ''}`,
      href: `${EXPORTS_PAGE}?id=${encodeURIComponent(task.id)}`,
    })),
  }
}

export function exportsPlugin(options: Partial<ExportOptions> & { sweepEveryMs?: number } = {}) {
  const exportOptions = { ...DEFAULT_EXPORT_OPTIONS, ...options }
  return definePlugin({
    name: 'exports',
    requires: ['files', 'contacts', 'tasks'],
    // the export's keyset pages: one organization's contacts in id order, a range of this index
    extendPrismaSchema: addCompositeIndex('Contact', ['organizationId', 'id']),
    lists: {
      ContactExportTask: contactExportTaskList({
        queued: (context, item) => enqueue(context, exportContactsTask, { taskId: String(item.id), attempt: 1 }, { jobId: exportJobId(String(item.id), 1) }).then(() => undefined),
        downloadPath: fileDownloadPath,
      }),
    },
    contributes: {
      tasks: [exportContactsTask, sweepExportsTask],
      schedules: [{ task: sweepExportsTask, everyMs: options.sweepEveryMs ?? 60_000, atStart: true }],
      fileKinds: [contactExportFileKind],
      exportOptions: [exportOptions],
      adminLinks: [{ href: EXPORTS_PAGE, label: 'Contact exports', group: 'contacts', order: 50 }],
      dashboardCards: [{ key: 'recent-exports', title: 'Recent exports', order: 60, load: recentExports }],
    },
  })
}

/** EXPORT_TTL_DAYS (7), EXPORT_STALLED_SECONDS (120), EXPORT_SWEEP_EVERY_SECONDS (60). */
export function exportsPluginFromEnv(env: NodeJS.ProcessEnv) {
  return exportsPlugin({
    ttlDays: positiveNumberFromEnv(env, 'EXPORT_TTL_DAYS', DEFAULT_EXPORT_OPTIONS.ttlDays),
    stalledAfterMs: positiveNumberFromEnv(env, 'EXPORT_STALLED_SECONDS', DEFAULT_EXPORT_OPTIONS.stalledAfterMs / 1000) * 1000,
    sweepEveryMs: positiveNumberFromEnv(env, 'EXPORT_SWEEP_EVERY_SECONDS', 60) * 1000,
  })
}
