// Text a person writes into a thread (a message, a subject, a note): trimmed, not blank, bounded, and
// free of the characters the bounded-text rule refuses everywhere else (writes here go through Prisma).
import { typedError } from '../../schema/shared/errors'
import { describeProblem, isBlank, textProblem, trimInvisible } from '../../schema/shared/text-rules'

export function cleanText(value: unknown, where: { code: string; label: string; max: number; multiline: boolean; required: boolean }) {
  const text = typeof value === 'string' ? trimInvisible(value) : ''
  if (!text || isBlank(text)) {
    if (where.required) throw typedError(`${where.code}_REQUIRED`, `${where.label} is empty`)
    return null
  }
  const problem = textProblem(text, { max: where.max, multiline: where.multiline })
  if (problem) throw typedError(problem.code === 'TEXT_TOO_LONG' ? `${where.code}_TOO_LONG` : 'INVALID_CHARACTERS', describeProblem(problem, where.label), problem.code === 'TEXT_TOO_LONG' ? { max: where.max } : {})
  return text
}

export const messageBody = (value: unknown) => cleanText(value, { code: 'MESSAGE_BODY', label: 'The message', max: 5000, multiline: true, required: true })!
/** A message that carries images may have no text. */
export const optionalBody = (value: unknown) => cleanText(value, { code: 'MESSAGE_BODY', label: 'The message', max: 5000, multiline: true, required: false })
export const subjectText = (value: unknown) => cleanText(value, { code: 'SUBJECT', label: 'The subject', max: 200, multiline: false, required: true })!
export const noteText = (value: unknown) => cleanText(value, { code: 'RESOLUTION_NOTE', label: 'The note', max: 2000, multiline: true, required: false })

/** The inbox row's preview: the first line(s), shortened. */
export function preview(body: string) {
  const flat = body.replace(/\s+/g, ' ')
  return flat.length > 140 ? `${flat.slice(0, 139)}…` : flat
}
