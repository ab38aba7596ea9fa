// Cancel: a Keystone list action (mutation cancelContactExportTask and an Admin UI button). A queued
// export never starts; a running one stops at its next page (its worker sees the status change).
import { action } from '@keystone-6/core'
import { isStaff } from '../shared/access'
import { typedError } from '../shared/errors'
import { ACTIVE_EXPORT_STATUSES } from './statuses'

export const cancelExport = action({
  access: isStaff,
  async resolve({ where }, context: any) {
    // through the caller's own access: an export they cannot see does not exist for them
    const visible = await context.db.ContactExportTask.findOne({ where })
    if (!visible) throw typedError('EXPORT_NOT_FOUND', 'No such export')
    const { count } = await context.sudo().prisma.contactExportTask.updateMany({
      where: { id: String(visible.id), status: { in: [...ACTIVE_EXPORT_STATUSES] } },
      data: { status: 'cancelled', finishedAt: new Date() },
    })
    if (count === 0) throw typedError('EXPORT_NOT_ACTIVE', `This export is ${visible.status}: only a queued or running export can be cancelled`)
    return context.db.ContactExportTask.findOne({ where: { id: String(visible.id) } })
  },
  ui: {
    label: 'Cancel export',
    icon: 'xCircleIcon',
    messages: { promptTitle: 'Cancel export', prompt: 'Stop this export? No file is kept.', promptConfirmLabel: 'Cancel export', success: 'Export cancelled' },
    itemView: { actionMode: { disabled: { status: { in: ['done', 'failed', 'cancelled'] } } }, navigation: 'refetch' },
    listView: { actionMode: 'hidden' },
  },
})
