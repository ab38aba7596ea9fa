// Bounded text, one rule for every list: the plugin kernel passes all lists through `boundTextFields`,
// which gives each text field a validate hook (run before the field's own) checking the value about to
// be stored against text-rules.ts. A list needs nothing to get it; a field adjusts it with Keystone's own
// options: `validation.length.max` sets its maximum, `ui.displayMode: 'textarea'` allows line breaks
// (and a larger default maximum). Failures are typed errors naming the field; nothing is written.
import type { BaseFields, ListConfig } from '@keystone-6/core/types'
import { typedError } from './errors'
import { describeProblem, isBlank, MAX_BY_FIELD_NAME, MULTI_LINE_MAX, SINGLE_LINE_MAX, textProblem, type TextBounds } from './text-rules'

type Operation = 'create' | 'update' | 'delete'
type Hook = (args: any) => Promise<void> | void
type ValidateHooks = Hook | Partial<Record<Operation, Hook>> | undefined

/** What Keystone's text field reports about itself (its getAdminMeta). */
type TextAdminMeta = { displayMode?: 'input' | 'textarea'; validation?: { length?: { min?: number | null; max?: number | null } } }

export function textBounds(fieldKey: string, adminMeta: TextAdminMeta): TextBounds & { required: boolean } {
  const multiline = adminMeta.displayMode === 'textarea'
  const max = adminMeta.validation?.length?.max ?? MAX_BY_FIELD_NAME[fieldKey] ?? (multiline ? MULTI_LINE_MAX : SINGLE_LINE_MAX)
  return { max, multiline, required: (adminMeta.validation?.length?.min ?? 0) >= 1 }
}

function checkText(listKey: string, fieldKey: string, bounds: ReturnType<typeof textBounds>): Hook {
  return ({ operation, resolvedData }) => {
    if (operation === 'delete') return
    const value = resolvedData?.[fieldKey]
    if (typeof value !== 'string') return
    const where = `${listKey}.${fieldKey}`
    const problem = textProblem(value, bounds)
    if (problem) throw typedError(problem.code, describeProblem(problem, where), { field: fieldKey, ...(problem.code === 'TEXT_TOO_LONG' ? { max: problem.max } : {}) })
    // an empty value is the list's own required-field rule to answer; invisible-only is ours
    if (bounds.required && value !== '' && isBlank(value)) throw typedError('TEXT_REQUIRED', `${where} needs visible text`, { field: fieldKey })
  }
}

function before(first: Hook, hooks: ValidateHooks): Record<Operation, Hook> {
  const of = (operation: Operation) => (typeof hooks === 'function' ? hooks : hooks?.[operation])
  const run = (operation: Operation): Hook => {
    const then = of(operation)
    return async args => {
      await first(args)
      if (then) await then(args)
    }
  }
  return { create: run('create'), update: run('update'), delete: of('delete') ?? (() => {}) }
}

/** A field function that, when it turns out to be a text field, checks its values first. */
function bounded(fieldFn: (meta: any) => any) {
  return (meta: { listKey: string; fieldKey: string }) => {
    const field = fieldFn(meta)
    if (field?.__ksTelemetryFieldTypeName !== '@keystone-6/text') return field
    const bounds = textBounds(meta.fieldKey, field.getAdminMeta?.() ?? {})
    return { ...field, hooks: { ...field.hooks, validate: before(checkText(meta.listKey, meta.fieldKey, bounds), field.hooks?.validate) } }
  }
}

export function boundTextFields<Lists extends Record<string, ListConfig<any>>>(lists: Lists): Lists {
  return Object.fromEntries(
    Object.entries(lists).map(([listKey, list]) => {
      // group() entries (`__group0`) are not field functions
      const fields = Object.fromEntries(Object.entries(list.fields).map(([key, field]) => [key, typeof field === 'function' ? bounded(field) : field]))
      return [listKey, { ...list, fields: fields as BaseFields<any> }]
    })
  ) as Lists
}
