import { isBlank, textProblem, trimInvisible } from '../../../schema/shared/text-rules'
import { textBounds } from '../../../schema/shared/bounded-text'

const line = { max: 10, multiline: false }
const block = { max: 10, multiline: true }

test.each([
  ['plain text', 'Flat 4B', line, undefined],
  ['the maximum in characters (emoji are two UTF-16 units)', '🏠'.repeat(10), line, undefined],
  ['one over', 'x'.repeat(11), line, 'TEXT_TOO_LONG'],
  ['NUL', 'a\u0000', line, 'INVALID_CHARACTERS'],
  ['DEL', 'a\u007f', line, 'INVALID_CHARACTERS'],
  ['a C1 control (NEL)', 'a\u0085b', block, 'INVALID_CHARACTERS'],
  ['a noncharacter', 'a\uFFFF', line, 'INVALID_CHARACTERS'],
  ['RLO', 'a\u202Eb', block, 'INVALID_CHARACTERS'],
  ['LRE', 'a\u202Ab', line, 'INVALID_CHARACTERS'],
  ['FSI', 'a\u2068b', line, 'INVALID_CHARACTERS'],
  ['a lone high surrogate', 'a\uD83D', line, 'INVALID_CHARACTERS'],
  ['a lone low surrogate', '\uDE00a', line, 'INVALID_CHARACTERS'],
  ['a line break on one line', 'a\nb', line, 'INVALID_CHARACTERS'],
  ['a line separator on one line', 'a\u2028b', line, 'INVALID_CHARACTERS'],
  ['line breaks and tabs in a block', 'a\r\n\tb', block, undefined],
  ['RLM and ZWJ', 'a\u200F\u200Db', line, undefined],
])('%s', (_name, value, bounds, code) => {
  expect(textProblem(value, bounds)?.code).toBe(code)
})

test('blank means nothing visible', () => {
  for (const value of ['', '   ', '\u200B', '\u200D\u00A0\uFEFF', '\u3164', '\t\n']) expect(isBlank(value)).toBe(true)
  for (const value of ['a', ' . ', '\u200Ba', '👍']) expect(isBlank(value)).toBe(false)
})

test('trimInvisible trims the ends only', () => {
  expect(trimInvisible('\u200B\uFEFF a\u200Db \u00A0')).toBe('a\u200Db')
})

test("a field's bounds: its own max, else its name's, else single-line or multi-line defaults", () => {
  expect(textBounds('name', {})).toEqual({ max: 200, multiline: false, required: false })
  expect(textBounds('unitName', {})).toEqual({ max: 100, multiline: false, required: false })
  expect(textBounds('address', { validation: { length: { min: 1, max: null } } })).toEqual({ max: 500, multiline: false, required: true })
  expect(textBounds('notes', { displayMode: 'textarea' })).toEqual({ max: 10_000, multiline: true, required: false })
  expect(textBounds('name', { validation: { length: { max: 80 } } })).toEqual({ max: 80, multiline: false, required: false })
})
