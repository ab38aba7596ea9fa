import { z } from 'zod'
import { validateMeta } from '../../../tasks/delivery/prepare-message'
import { defineMessageType } from '../../../tasks/delivery/contracts'
import { customMessage } from '../../../plugins/notifications/message-types'

const code = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    return (error as any).extensions
  }
  return undefined
}

// a type whose schema bounds nothing: the pipeline's own rule still applies to every string in meta
const loose = defineMessageType({
  type: 'LOOSE_NOTICE',
  meta: z.object({ text: z.string(), lines: z.array(z.object({ label: z.string() })).optional() }),
  channels: ['sms'],
  templates: { default: { en: { text: '{{text}}' } } },
})

test.each([
  ['a 20,000-character string', { text: 'x'.repeat(20_000) }, ['text']],
  ['a NUL byte', { text: 'a\u0000b' }, ['text']],
  ['a right-to-left override deep inside', { text: 'ok', lines: [{ label: 'fine' }, { label: 'a\u202Eb' }] }, ['lines.1.label']],
])('any type: %s in meta is INVALID_MESSAGE_META naming the field', (_name, meta, fields) => {
  expect(code(() => validateMeta(loose, meta))).toEqual(expect.objectContaining({ code: 'INVALID_MESSAGE_META', fields }))
})

test('any type: line breaks and tabs in meta strings are fine', () => {
  expect(validateMeta(loose, { text: 'line 1\n\tline 2' })).toEqual({ text: 'line 1\n\tline 2' })
})

test.each([
  ['a title over 200 characters', { title: 't'.repeat(201), body: 'b' }, ['title']],
  ['a title on two lines', { title: 'Water\nBcc: everyone', body: 'b' }, ['title']],
  ['a body over 4000 characters', { title: 't', body: 'b'.repeat(4001) }, ['body']],
  ['an escape sequence in the body', { title: 't', body: 'x\u001b[2J' }, ['body']],
])('CUSTOM_MESSAGE: %s is refused', (_name, meta, fields) => {
  expect(code(() => validateMeta(customMessage, meta))).toEqual(expect.objectContaining({ code: 'INVALID_MESSAGE_META', fields }))
})

test('CUSTOM_MESSAGE: a multi-line body is fine', () => {
  expect(validateMeta(customMessage, { title: ' Water off ', body: 'Tuesday 9-12.\nSorry!' })).toEqual({ title: 'Water off', body: 'Tuesday 9-12.\nSorry!' })
})
