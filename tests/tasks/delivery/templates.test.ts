// Message types: definition checks, meta validation, Handlebars templates per channel and locale with fallback.
import { z } from 'zod'
import { defineMessageType } from '../../../tasks/delivery/contracts'
import { validateMeta } from '../../../tasks/delivery/send-message'
import { localeChain, renderTemplates } from '../../../tasks/delivery/templates'

const type = defineMessageType({
  type: 'BILL_READY',
  meta: z.object({ amount: z.number().positive(), month: z.string(), note: z.string().optional() }),
  channels: ['push', 'email'],
  templates: {
    default: {
      en: { title: 'Your bill for {{month}}', body: 'Amount: {{amount}}{{#if note}} ({{note}}){{/if}}' },
      ru: { title: 'Счёт за {{month}}', body: 'Сумма: {{amount}}' },
    },
    email: { en: { subject: 'Bill: {{month}}', html: '<p>{{note}}</p>', text: '{{note}}' } },
  },
})

test('locales fall back from region to language to English', () => {
  expect(localeChain('ru-RU')).toEqual(['ru-RU', 'ru', 'en'])
  expect(localeChain('en')).toEqual(['en'])
  expect(renderTemplates(type, 'push', 'ru-RU', { amount: 10, month: 'ноябрь' })).toEqual({
    locale: 'ru',
    parts: { title: 'Счёт за ноябрь', body: 'Сумма: 10' },
  })
  expect(renderTemplates(type, 'push', 'de', { amount: 10, month: 'May', note: 'paid' })).toEqual({
    locale: 'en',
    parts: { title: 'Your bill for May', body: 'Amount: 10 (paid)' },
  })
})

test("a channel's own templates win over the default; only html parts are HTML-escaped", () => {
  const { parts } = renderTemplates(type, 'email', 'ru', { amount: 1, month: 'May', note: 'Tom & <Jerry>' })
  expect(parts).toEqual({ subject: 'Bill: May', html: '<p>Tom &amp; &lt;Jerry&gt;</p>', text: 'Tom & <Jerry>' })
})

test('meta is validated by the type schema: the parsed value, or INVALID_MESSAGE_META naming the fields', () => {
  expect(validateMeta(type, { amount: 5, month: 'May', extra: 1 })).toEqual({ amount: 5, month: 'May' })
  expect(() => validateMeta(type, { amount: -1 })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'INVALID_MESSAGE_META', fields: ['amount', 'month'] }) }))
})

test('defineMessageType refuses a bad name, no channels, or templates without English', () => {
  const base = { meta: z.object({}), channels: ['sms'], templates: { default: { en: { text: 'x' } } } }
  expect(() => defineMessageType({ ...base, type: 'lower' })).toThrow(/UPPER_SNAKE_CASE/)
  expect(() => defineMessageType({ ...base, type: 'A', channels: [] })).toThrow(/no channels/)
  expect(() => defineMessageType({ ...base, type: 'A', templates: { default: { ru: { text: 'x' } } } })).toThrow(/"en"/)
})
