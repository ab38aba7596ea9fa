// The two message types a broadcast sends. Meta is rendered once per broadcast (schema/broadcasts/format.ts):
// the plain text for push and Telegram, the HTML for email, the SMS text cut to fit its segments.
// Regular: every channel the recipient has on (strategy 'all'), after quiet hours, SMS excluded (cost:
// announcements also wait in the app's feed). Emergency: at once, every channel including SMS, whatever
// the recipient's settings; blacklists (legal stops) still apply.
import { z } from 'zod'
import { BROADCAST_TYPE, EMERGENCY_BROADCAST_TYPE } from '../../schema/broadcasts'
import { defineMessageType, type MessageTemplates } from '../../tasks/delivery/contracts'
import { metaText } from '../../tasks/delivery/meta-text'

const meta = z.object({ title: metaText(200), body: metaText(4000, { multiline: true }), html: metaText(9000, { multiline: true }), sms: metaText(400, { multiline: true }) })

const templates = (unsubscribe: string): MessageTemplates => ({
  push: { en: { title: '{{title}}', body: '{{body}}' } },
  // the resident portal's notices
  portal: { en: { title: '{{title}}', body: '{{body}}' } },
  telegram: { en: { text: '{{title}}\n\n{{body}}' } },
  // html: the formatted body is HTML made from escaped text (triple braces: not escaped again)
  email: {
    en: {
      subject: '{{title}}',
      text: `{{body}}{{#if unsubscribeUrl}}\n\n${unsubscribe}: {{unsubscribeUrl}}{{/if}}`,
      html: `{{{html}}}{{#if unsubscribeUrl}}<p style="font-size:small"><a href="{{unsubscribeUrl}}">${unsubscribe}</a></p>{{/if}}`,
    },
  },
  sms: { en: { text: '{{sms}}' } },
  default: { en: { title: '{{title}}', text: '{{title}}\n\n{{body}}' } },
})

export const broadcastMessage = defineMessageType({
  type: BROADCAST_TYPE,
  meta,
  channels: ['push', 'telegram', 'email'],
  strategy: 'all',
  templates: templates('Unsubscribe'),
})

export const emergencyBroadcastMessage = defineMessageType({
  type: EMERGENCY_BROADCAST_TYPE,
  meta,
  channels: ['push', 'sms', 'telegram', 'email'],
  strategy: 'all',
  urgent: true,
  overridesPreferences: true,
  priority: 1,
  templates: templates('Unsubscribe'),
})
