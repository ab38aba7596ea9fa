// ContactExportTask: one export of an organization's contacts to an Excel file, run in the background
// (tasks/export-contacts.ts). Staff with exportContacts start one (optionally with the contacts list's
// filter) and watch it; the system writes everything else. The file's link is for the starter only.
import { g, list } from '@keystone-6/core'
import { integer, relationship, select, text, timestamp, virtual } from '@keystone-6/core/fields'
import type { KeystoneContext } from '@keystone-6/core/types'
import { requestLocale } from '../shared/locale'
import type { Session } from '../shared/session'
import { organizationField, sameOrganization } from '../shared/tenant'
import { CONTACT_TYPES } from '../contacts/contact'
import { exportListAccess } from './access'
import { cancelExport } from './cancel-action'
import { ARCHIVE_SCOPES, EXPORT_STATUSES } from './statuses'

const denyAll = () => false
const systemWritten = {
  access: { create: denyAll, update: denyAll },
  graphql: { omit: { create: true, update: true } },
  ui: { createView: { fieldMode: 'hidden' as const }, itemView: { fieldMode: 'read' as const } },
}
const hiddenEverywhere = { createView: { fieldMode: 'hidden' as const }, itemView: { fieldMode: 'hidden' as const }, listView: { fieldMode: 'hidden' as const } }
const filterField = { access: { update: denyAll }, ui: { itemView: { fieldMode: 'read' as const } } }
const options = (values: readonly string[]) => values.map(value => ({ value, label: value[0].toUpperCase() + value.slice(1) }))

export type ExportListHooks = {
  /** After a create committed: queue the export. */
  queued(context: KeystoneContext<any>, item: { id: string }): Promise<void>
  /** The signed download path of a file for the signed-in user of `context`. */
  downloadPath(context: KeystoneContext<any>, fileId: string): string | null
}

export function contactExportTaskList(hooks: ExportListHooks) {
  return list({
    access: exportListAccess,
    ui: {
      label: 'Contact exports',
      labelField: 'label',
      // staff use the exports page (admin/pages/contact-exports.tsx, linked from the contacts list)
      hideNavigation: true,
      hideCreate: true,
      hideDelete: true,
      listView: { initialColumns: ['label', 'status', 'processed', 'total', 'startedBy', 'createdAt'], initialSort: { field: 'createdAt', direction: 'DESC' } },
    },
    actions: { cancel: cancelExport },
    fields: {
      organization: organizationField(),
      label: virtual({
        field: g.field({ type: g.String, resolve: (item: any) => `Export ${new Date(item.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC` }),
        ui: { createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'hidden' } },
      }),
      // the contacts list's filter, fixed when the export is started
      filterProperty: relationship(sameOrganization({ ref: 'Property', many: false, ...filterField })),
      filterType: select({ type: 'enum', options: options(CONTACT_TYPES), db: { isNullable: true }, ...filterField }),
      filterRole: relationship(sameOrganization({ ref: 'ContactRole', many: false, ...filterField }, { shared: true })),
      archived: select({ type: 'string', options: options(ARCHIVE_SCOPES), defaultValue: 'live', validation: { isRequired: true }, ...filterField }),
      status: select({ type: 'string', options: options(EXPORT_STATUSES), defaultValue: 'queued', validation: { isRequired: true }, ...systemWritten }),
      processed: integer({ defaultValue: 0, ...systemWritten }),
      total: integer({ db: { isNullable: true }, ...systemWritten }),
      startedBy: relationship(sameOrganization({ ref: 'User', many: false, ...systemWritten })),
      /** The starter's language when started: role names in the file follow it. */
      locale: text({ defaultValue: 'en', ...systemWritten, ui: hiddenEverywhere }),
      /** Whether phone and email were filled (the starter held readContacts when it ran). */
      includesContactDetails: select({ type: 'string', options: options(['yes', 'no']), db: { isNullable: true }, ...systemWritten }),
      error: text({ db: { isNullable: true }, ...systemWritten }),
      attempt: integer({ defaultValue: 0, ...systemWritten, ui: hiddenEverywhere }),
      heartbeatAt: timestamp({ db: { isNullable: true }, ...systemWritten, ui: hiddenEverywhere }),
      fileId: text({ db: { isNullable: true }, isIndexed: true, graphql: { omit: true }, ui: hiddenEverywhere }),
      fileExpiresAt: timestamp({ db: { isNullable: true }, ...systemWritten }),
      downloadUrl: virtual({
        field: g.field({
          type: g.String,
          resolve(item: any, _args, context) {
            const session = context.session as Session | undefined
            const fresh = item.fileExpiresAt && new Date(item.fileExpiresAt).getTime() > Date.now()
            if (item.status !== 'done' || !item.fileId || !fresh || !session) return null
            if (String(item.startedById) !== session.itemId) return null // the starter's file: their permissions shaped it
            return hooks.downloadPath(context, item.fileId)
          },
        }),
        ui: { createView: { fieldMode: 'hidden' }, listView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'read' } },
      }),
      startedAt: timestamp({ db: { isNullable: true }, ...systemWritten }),
      finishedAt: timestamp({ db: { isNullable: true }, ...systemWritten }),
      createdAt: timestamp({ defaultValue: { kind: 'now' }, ...systemWritten }),
    },
    hooks: {
      resolveInput: {
        create: ({ resolvedData, context }: any) => {
          const session = context.session as Session | undefined
          return {
            ...resolvedData,
            startedBy: session ? { connect: { id: session.itemId } } : undefined,
            locale: requestLocale(context),
          }
        },
      },
      afterOperation: {
        create: async ({ item, context }: any) => hooks.queued(context, item),
      },
    },
  })
}
