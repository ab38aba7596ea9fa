// Message types for the channel plugins' tests: one per channel (so each test reaches exactly the channel
// it is about), with templates per locale, a critical variant and a quick retry policy.
import { z } from 'zod'
import { definePlugin } from '../../plugins/kernel'
import { defineMessageType, type MessageTemplates } from '../../tasks/delivery/contracts'

const notice = z.object({ title: z.string().min(1), body: z.string().min(1), threadId: z.string().optional() })
const retry = { attempts: 3, backoffMs: 20 }

const templates: MessageTemplates = {
  sms: { en: { text: '{{title}}: {{body}}' }, de: { text: '{{title}}: {{body}}. Abmelden: {{unsubscribeUrl}}' } },
  email: {
    en: { subject: '{{title}}', html: '<h1>{{title}}</h1><p>{{body}}</p>', text: '{{title}}\n\n{{body}}' },
  },
  push: { en: { title: '{{title}}', body: '{{body}}', deepLink: 'cms://messages/{{threadId}}', 'data.threadId': '{{threadId}}' } },
  telegram: { en: { text: '{{title}}\n{{body}}' } },
}

const type = (name: string, channels: string[], extra: object = {}) => defineMessageType({ type: name, meta: notice, templates, channels, retry, ...extra })

export const CHANNEL_TYPES = {
  sms: type('TEST_SMS', ['sms']),
  smsCritical: type('TEST_SMS_CRITICAL', ['sms'], { critical: true }),
  email: type('TEST_EMAIL', ['email']),
  emailCritical: type('TEST_EMAIL_CRITICAL', ['email'], { critical: true }),
  push: type('TEST_PUSH', ['push']),
  telegram: type('TEST_TELEGRAM', ['telegram']),
  smsThenEmail: type('TEST_SMS_THEN_EMAIL', ['sms', 'email']),
}

export const channelTypesPlugin = definePlugin({ name: 'test-channel-types', requires: ['notifications'], contributes: { messageTypes: Object.values(CHANNEL_TYPES) } })

/** The trace as [outcome, channel, transport] rows: what most assertions compare. */
export const traceRows = (message: { trace: any[] }) => message.trace.map(e => [e.outcome, e.channel, e.transport])
