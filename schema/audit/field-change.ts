// FieldChange: one row per change of a tracked field (who, when, old and new value), for any list
// that opts in. Written only by the recording hook (through sudo); nobody edits or deletes history.
import { list } from '@keystone-6/core'
import { relationship, text, timestamp } from '@keystone-6/core/fields'
import { isAdmin, isSignedIn, organizationFilter } from '../shared/access'
import { holdsPermissionInRequest } from '../shared/request-cache'
import type { TrackedLists } from './tracked'
import { organizationField } from '../shared/tenant'

const never = () => false
const readOnly = { access: { create: never, update: never }, ui: { itemView: { fieldMode: 'read' as const } } }

export function fieldChangeList(tracked: TrackedLists) {
  /** Old and new values of sensitive fields: only with the permission the tracked list names. */
  const canReadValue = async ({ session, context, item }: any) => {
    const sensitive = tracked[item.listKey]?.sensitive
    if (!sensitive || !sensitive.fields.includes(item.field)) return !!session
    return holdsPermissionInRequest(context, item.organizationId, sensitive.permission)
  }
  const valueAccess = { read: { item: canReadValue, filter: isAdmin, order: isAdmin }, create: never, update: never }

  return list({
    access: {
      operation: { query: isSignedIn, create: never, update: never, delete: never },
      filter: { query: organizationFilter('organization') },
    },
    ui: {
      labelField: 'field',
      hideCreate: true,
      hideDelete: true,
      listView: { initialColumns: ['at', 'listKey', 'itemId', 'field', 'oldValue', 'newValue', 'actor'], initialSort: { field: 'at', direction: 'DESC' } },
    },
    fields: {
      listKey: text({ validation: { isRequired: true }, ...readOnly }),
      itemId: text({ validation: { isRequired: true }, isIndexed: true, ...readOnly }),
      field: text({ validation: { isRequired: true }, ...readOnly }),
      oldValue: text({ db: { isNullable: true }, access: valueAccess, ui: { displayMode: 'textarea', itemView: { fieldMode: 'read' } } }),
      newValue: text({ db: { isNullable: true }, access: valueAccess, ui: { displayMode: 'textarea', itemView: { fieldMode: 'read' } } }),
      actor: relationship({ ref: 'User', many: false, ...readOnly, ui: { itemView: { fieldMode: 'read' }, description: 'Empty for changes made by the system' } }),
      organization: organizationField({ optional: true, ui: readOnly.ui }),
      at: timestamp({ defaultValue: { kind: 'now' }, isIndexed: true, ...readOnly }),
    },
  })
}
