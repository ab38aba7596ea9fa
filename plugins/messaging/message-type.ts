// CONVERSATION_MESSAGE: "a new message in your conversation", to the other participants. The app opens the
// thread from the push's deep link and data (conversationId); email carries the link to it. Default order
// push, Telegram, email, the first that delivers: residents see push or Telegram faster than email; a
// recipient's own channel order (NotificationUserSetting.channelOrder) wins.
import { z } from 'zod'
import { defineMessageType } from '../../tasks/delivery/contracts'
import { metaText } from '../../tasks/delivery/meta-text'

export const CONVERSATION_MESSAGE = 'CONVERSATION_MESSAGE'

const meta = z.object({
  conversationId: z.string().min(1).max(100),
  subject: metaText(200),
  authorName: metaText(200),
  preview: metaText(200),
  organizationName: metaText(200),
  url: z.string().url(),
  deepLink: z.string().max(300),
})

export type ConversationMessageMeta = z.infer<typeof meta>

export const conversationMessage = defineMessageType<ConversationMessageMeta>({
  type: CONVERSATION_MESSAGE,
  meta,
  channels: ['push', 'telegram', 'email'],
  strategy: 'first',
  // only a new message in a thread sends it, never a staff member by hand
  sendableByStaff: false,
  retry: { attempts: 5 },
  templates: {
    push: {
      en: { title: '{{authorName}}: {{subject}}', body: '{{preview}}', deepLink: '{{deepLink}}', 'data.conversationId': '{{conversationId}}' },
      ru: { title: '{{authorName}}: {{subject}}', body: '{{preview}}', deepLink: '{{deepLink}}', 'data.conversationId': '{{conversationId}}' },
    },
    telegram: {
      en: { text: '{{authorName}} wrote in “{{subject}}”:\n{{preview}}\n\nOpen the conversation: {{url}}' },
      ru: { text: '{{authorName}} пишет в разговоре «{{subject}}»:\n{{preview}}\n\nОткрыть разговор: {{url}}' },
    },
    email: {
      en: {
        subject: 'New message: {{subject}}',
        text: '{{authorName}} wrote in “{{subject}}” ({{organizationName}}):\n\n{{preview}}\n\nOpen the conversation to read and reply: {{url}}\n\nMore replies in the next few minutes are not emailed separately.{{#if unsubscribeUrl}}\nUnsubscribe: {{unsubscribeUrl}}{{/if}}',
        html: '<p>{{authorName}} wrote in “{{subject}}” ({{organizationName}}):</p><blockquote>{{preview}}</blockquote><p><a href="{{url}}">Open the conversation</a> to read and reply.</p><p><small>More replies in the next few minutes are not emailed separately.{{#if unsubscribeUrl}} <a href="{{unsubscribeUrl}}">Unsubscribe</a>{{/if}}</small></p>',
      },
      ru: {
        subject: 'Новое сообщение: {{subject}}',
        text: '{{authorName}} пишет в разговоре «{{subject}}» ({{organizationName}}):\n\n{{preview}}\n\nОткройте разговор, чтобы прочитать и ответить: {{url}}\n\nСледующие ответы в ближайшие минуты не приходят отдельными письмами.{{#if unsubscribeUrl}}\nОтписаться: {{unsubscribeUrl}}{{/if}}',
        html: '<p>{{authorName}} пишет в разговоре «{{subject}}» ({{organizationName}}):</p><blockquote>{{preview}}</blockquote><p><a href="{{url}}">Откройте разговор</a>, чтобы прочитать и ответить.</p><p><small>Следующие ответы в ближайшие минуты не приходят отдельными письмами.{{#if unsubscribeUrl}} <a href="{{unsubscribeUrl}}">Отписаться</a>{{/if}}</small></p>',
      },
    },
  },
})
