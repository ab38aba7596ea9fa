// The afterOperation hook that writes FieldChange rows for a tracked list. After the operation, so it
// records only what was stored; Keystone runs no transaction around a mutation, so a failure here
// surfaces as an error on a change that did happen (logged by the caller's error, never silent).
//
// The rows are written with one INSERT per turn of the event loop and database client: a bulk mutation
// (createContacts of 1,000) records its 3,000 changes in one statement instead of 3,000 Keystone creates,
// each checking its organization and actor connects with a query of its own. FieldChange's own rules
// still apply: the values pass the same text rules its fields would apply (bounded-text.ts), and the
// organization and actor must exist (foreign keys).
import crypto from 'node:crypto'
import type { KeystoneContext } from '@keystone-6/core/types'
import { insertMany, type InsertManySpec } from '../../adapters/database/insert-many'
import { typedError } from '../shared/errors'
import { describeProblem, MULTI_LINE_MAX, textProblem } from '../shared/text-rules'
import type { TrackedList } from './tracked'

type ChangeRow = {
  id: string
  listKey: string
  itemId: string
  field: string
  oldValue: string | null
  newValue: string | null
  actorId: string | null
  organizationId: string | null
  at: Date
}

const FIELD_CHANGE_INSERT: InsertManySpec = {
  model: 'fieldChange',
  table: 'FieldChange',
  columns: {
    id: 'text',
    listKey: 'text',
    itemId: 'text',
    field: 'text',
    oldValue: 'text',
    newValue: 'text',
    actorId: { column: 'actor', type: 'text' },
    organizationId: { column: 'organization', type: 'text' },
    at: 'timestamp(3)',
  },
}

// FieldChange's value fields are multi-line text (ui.displayMode textarea): the same bounds apply here
const VALUE_BOUNDS = { max: MULTI_LINE_MAX, multiline: true }

type Pending = { rows: ChangeRow[]; written: Promise<void> }
const pendingByClient = new WeakMap<object, Pending>()

/** Adds rows to this database client's insert of the current turn; resolves once they are stored. */
function writeInTurn(prisma: object, rows: ChangeRow[]): Promise<void> {
  let pending = pendingByClient.get(prisma)
  if (!pending) {
    const fresh: Pending = { rows: [], written: undefined as unknown as Promise<void> }
    fresh.written = new Promise<void>((resolve, reject) =>
      setImmediate(() => {
        pendingByClient.delete(prisma)
        Promise.resolve(insertMany(prisma, FIELD_CHANGE_INSERT, fresh.rows)).then(() => resolve(), reject)
      })
    )
    pendingByClient.set(prisma, (pending = fresh))
  }
  pending.rows.push(...rows)
  return pending.written
}

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
    const at = new Date()
    const rows = tracked.fields.flatMap((field): ChangeRow[] => {
      const oldValue = operation === 'create' ? null : asText(originalItem?.[field])
      const newValue = asText(item[field])
      if (oldValue === newValue) return []
      for (const [key, value] of [['oldValue', oldValue], ['newValue', newValue]] as const) {
        const problem = value === null ? undefined : textProblem(value, VALUE_BOUNDS)
        if (problem) throw typedError(problem.code, describeProblem(problem, `FieldChange.${key}`), { field: key })
      }
      return [{ id: crypto.randomUUID(), listKey, itemId: String(item.id), field, oldValue, newValue, actorId: actorId ?? null, organizationId: organizationId ?? null, at }]
    })
    if (rows.length) await writeInTurn(context.prisma, rows)
  }
}
