// The message type the pipeline ships with: a free-text notice staff send to a person.
// Feature plugins add their own (contributes: { messageTypes: [...] }).
import { z } from 'zod'
import { defineMessageType } from '../../tasks/delivery/contracts'
import { metaText } from '../../tasks/delivery/meta-text'

export const customMessage = defineMessageType({
  type: 'CUSTOM_MESSAGE',
  meta: z.object({ title: metaText(200), body: metaText(4000, { multiline: true }) }),
  channels: ['push', 'telegram', 'email', 'sms'],
  strategy: 'first',
  templates: {
    default: {
      en: { title: '{{title}}', subject: '{{title}}', text: '{{body}}{{#if unsubscribeUrl}}\n\nUnsubscribe: {{unsubscribeUrl}}{{/if}}' },
      ru: { title: '{{title}}', subject: '{{title}}', text: '{{body}}{{#if unsubscribeUrl}}\n\nОтписаться: {{unsubscribeUrl}}{{/if}}' },
    },
  },
})
