// What stored text may contain, for every list (bounded-text.ts applies it) and for message meta:
// a maximum length, no control characters (tab and line breaks only in multi-line text), no
// bidirectional overrides (the "Trojan Source" trick that makes text read differently than it is
// stored), no broken UTF-16; and a required value must have something visible in it.

export type TextBounds = {
  /** In characters (Unicode code points). */
  max: number
  /** Tab and line breaks allowed (notes, message bodies). */
  multiline: boolean
}

export const SINGLE_LINE_MAX = 500
export const MULTI_LINE_MAX = 10_000

/** Short by nature, wherever they appear (unless a field sets its own `validation.length.max`). */
export const MAX_BY_FIELD_NAME: Readonly<Record<string, number>> = { name: 200, unitName: 100, email: 254 }

// C0 controls but tab, LF and CR; DEL; C1 controls (NEL among them); the two noncharacters
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/
// tab and every line or paragraph break, for single-line text
const LINE_BREAK_OR_TAB = /[\t\n\r\u2028\u2029]/
// embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI); the plain marks (LRM, RLM)
// stay allowed: right-to-left names need them
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
// what renders as nothing: white space, zero-width characters and joiners, marks, fillers
const INVISIBLE = '\\s\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180E\\u200B-\\u200F\\u2060-\\u2064\\u3164\\uFEFF\\uFFA0'
const ALL_INVISIBLE = new RegExp(`^[${INVISIBLE}]*$`)
const INVISIBLE_EDGES = new RegExp(`^[${INVISIBLE}]+|[${INVISIBLE}]+$`, 'g')

function codePoints(value: string, atMost: number): number {
  if (value.length <= atMost) return value.length // never more code points than UTF-16 units
  let count = 0
  for (const _ of value) count++
  return count
}

export type TextProblem = { code: 'TEXT_TOO_LONG'; max: number } | { code: 'INVALID_CHARACTERS' }

/** The first rule `value` breaks, or undefined. */
export function textProblem(value: string, bounds: TextBounds): TextProblem | undefined {
  if (codePoints(value, bounds.max) > bounds.max) return { code: 'TEXT_TOO_LONG', max: bounds.max }
  if (CONTROL.test(value) || BIDI_CONTROL.test(value) || LONE_SURROGATE.test(value)) return { code: 'INVALID_CHARACTERS' }
  if (!bounds.multiline && LINE_BREAK_OR_TAB.test(value)) return { code: 'INVALID_CHARACTERS' }
  return undefined
}

/** Nothing a reader would see: empty, spaces, zero-width characters. */
export function isBlank(value: string): boolean {
  return ALL_INVISIBLE.test(value)
}

/** Removes white space and invisible characters from both ends (inside, joiners belong to the text). */
export function trimInvisible(value: string): string {
  return value.replace(INVISIBLE_EDGES, '')
}

export function describeProblem(problem: TextProblem, where: string): string {
  return problem.code === 'TEXT_TOO_LONG'
    ? `${where} is longer than ${problem.max} characters`
    : `${where} contains control characters, line breaks where none are allowed, or bidirectional override characters`
}
