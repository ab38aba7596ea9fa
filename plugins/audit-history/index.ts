import { definePlugin, type ListExtension } from '../kernel'
import { fieldChangeList } from '../../schema/audit/field-change'
import { recordChanges } from '../../schema/audit/record-changes'
import type { TrackedLists } from '../../schema/audit/tracked'

export type { TrackedList, TrackedLists } from '../../schema/audit/tracked'

/**
 * Audit history: adds the FieldChange list and, on every list named in `lists`, an afterOperation
 * hook recording each change of the named fields (who, when, old and new value). Lists opt in here
 * by field names; the lists themselves are not edited.
 */
export function auditHistoryPlugin(options: { lists: TrackedLists }) {
  const extendLists: Record<string, ListExtension> = {}
  for (const [listKey, tracked] of Object.entries(options.lists)) {
    extendLists[listKey] = { hooks: { afterOperation: recordChanges(listKey, tracked) as any } }
  }
  return definePlugin({
    name: 'audit-history',
    requires: ['organizations'],
    lists: { FieldChange: fieldChangeList(options.lists) },
    extendLists,
  })
}
