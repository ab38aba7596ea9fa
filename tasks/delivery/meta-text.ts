// Text inside a message's meta, whatever its type's schema says: every string is bounded and free of
// control and bidirectional-override characters (line breaks and tabs are fine: bodies are multi-line).
// Types bound their own fields more tightly with `metaText` in their zod schema.
import { z } from 'zod'
import { MULTI_LINE_MAX, textProblem, type TextBounds } from '../../schema/shared/text-rules'

const META_BOUNDS: TextBounds = { max: MULTI_LINE_MAX, multiline: true }

/** A zod string for meta fields: trimmed, 1..max characters, no control characters (no line breaks unless multiline). */
export function metaText(max: number, options: { multiline?: boolean } = {}) {
  const bounds: TextBounds = { max, multiline: options.multiline ?? false }
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(value => textProblem(value, bounds)?.code !== 'INVALID_CHARACTERS', {
      message: bounds.multiline ? 'contains control or bidirectional override characters' : 'contains line breaks, control or bidirectional override characters',
    })
}

/** Paths (a.b.0) of the strings in `meta` that break the rules, with what is wrong. */
export function unsafeMetaStrings(meta: unknown, path: string[] = []): { path: string; problem: string }[] {
  if (typeof meta === 'string') {
    const problem = textProblem(meta, META_BOUNDS)
    if (!problem) return []
    return [{ path: path.join('.') || '(meta)', problem: problem.code === 'TEXT_TOO_LONG' ? `longer than ${problem.max} characters` : 'contains control or bidirectional override characters' }]
  }
  if (Array.isArray(meta)) return meta.flatMap((item, index) => unsafeMetaStrings(item, [...path, String(index)]))
  if (meta && typeof meta === 'object') return Object.entries(meta).flatMap(([key, value]) => unsafeMetaStrings(value, [...path, key]))
  return []
}
