// The afterOperation hook that writes FieldChange rows for a tracked list. After the operation, so it
// records only what was stored; Keystone runs no transaction around a mutation, so a failure here
// surfaces as an error on a change that did happen (logged by the caller's error, never silent).
import type { KeystoneContext } from '@keystone-6/core/types'
import type { TrackedList } from './tracked'

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

type HookArgs = {
  operation: 'create' | 'update' | 'delete'
  item?: Record<string, any>
  originalItem?: Record<string, any>
  context: KeystoneContext<any>
}

export function recordChanges(listKey: string, tracked: TrackedList) {
  return async ({ operation, item, originalItem, context }: HookArgs) => {
    if (operation === 'delete' || !item) return
    const organizationId = item[tracked.organizationField] as string | null | undefined
    const actorId = context.session?.itemId as string | undefined
    const rows = tracked.fields.flatMap(field => {
      const oldValue = operation === 'create' ? null : asText(originalItem?.[field])
      const newValue = asText(item[field])
      if (oldValue === newValue) return []
      return [
        {
          listKey,
          itemId: String(item.id),
          field,
          oldValue,
          newValue,
          ...(organizationId ? { organization: { connect: { id: organizationId } } } : {}),
          ...(actorId ? { actor: { connect: { id: actorId } } } : {}),
        },
      ]
    })
    if (rows.length) await context.sudo().db.FieldChange.createMany({ data: rows })
  }
}
