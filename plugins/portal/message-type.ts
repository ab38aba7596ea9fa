// PORTAL_INVITATION: the email that carries the account setup link. Secret (the link is a credential:
// its meta is unreadable through the API and scrubbed once delivered; the dev outbox shows it outside
// production), not critical (an address that unsubscribed from it is respected, and staff see
// "not delivered"). Sent through the one pipeline like every other message.
import { z } from 'zod'
import { defineMessageType } from '../../tasks/delivery/contracts'

export const PORTAL_INVITATION = 'PORTAL_INVITATION'

const meta = z.object({
  url: z.string().url(),
  organizationName: z.string().min(1),
  propertyName: z.string(),
  unitName: z.string(),
  contactName: z.string().min(1),
  /** "2026-11-09 14:00 UTC" */
  expiresAt: z.string().min(1),
})

export type PortalInvitationMeta = z.infer<typeof meta>

const en = {
  subject: '{{organizationName}} invites you to the resident portal',
  text: [
    'Hello {{contactName}},',
    '',
    '{{organizationName}} invites you to its resident portal for {{propertyName}}, unit {{unitName}}: your notices, your notification settings and, soon, your conversations with the management, in one place.',
    '',
    'Set your password here (the link works once, until {{expiresAt}}):',
    '{{url}}',
    '',
    'If you did not expect this email, ignore it: nothing happens without the link.',
    '{{#if unsubscribeUrl}}',
    'Do not want these invitations? Unsubscribe: {{unsubscribeUrl}}{{/if}}',
  ].join('\n'),
  html: [
    '<p>Hello {{contactName}},</p>',
    '<p><strong>{{organizationName}}</strong> invites you to its resident portal for {{propertyName}}, unit {{unitName}}: your notices, your notification settings and, soon, your conversations with the management, in one place.</p>',
    '<p><a href="{{url}}">Create your account</a></p>',
    '<p>The link works once, until {{expiresAt}}. If the button does not work, copy this address into your browser:<br>{{url}}</p>',
    '<p>If you did not expect this email, ignore it: nothing happens without the link.</p>',
    '{{#if unsubscribeUrl}}<p><small><a href="{{unsubscribeUrl}}">Unsubscribe from these invitations</a></small></p>{{/if}}',
  ].join('\n'),
}

const ru = {
  subject: '{{organizationName}} приглашает вас в личный кабинет жителя',
  text: [
    'Здравствуйте, {{contactName}}!',
    '',
    '{{organizationName}} приглашает вас в личный кабинет жителя: {{propertyName}}, помещение {{unitName}}. Там ваши уведомления, настройки рассылок, а скоро и переписка с управляющей компанией.',
    '',
    'Задайте пароль по ссылке (она одноразовая и действует до {{expiresAt}}):',
    '{{url}}',
    '',
    'Если вы не ждали этого письма, просто проигнорируйте его: без ссылки ничего не произойдёт.',
    '{{#if unsubscribeUrl}}',
    'Не хотите получать приглашения? Отписаться: {{unsubscribeUrl}}{{/if}}',
  ].join('\n'),
  html: [
    '<p>Здравствуйте, {{contactName}}!</p>',
    '<p><strong>{{organizationName}}</strong> приглашает вас в личный кабинет жителя: {{propertyName}}, помещение {{unitName}}. Там ваши уведомления, настройки рассылок, а скоро и переписка с управляющей компанией.</p>',
    '<p><a href="{{url}}">Создать учётную запись</a></p>',
    '<p>Ссылка одноразовая и действует до {{expiresAt}}. Если кнопка не работает, скопируйте адрес в браузер:<br>{{url}}</p>',
    '<p>Если вы не ждали этого письма, просто проигнорируйте его: без ссылки ничего не произойдёт.</p>',
    '{{#if unsubscribeUrl}}<p><small><a href="{{unsubscribeUrl}}">Отписаться от приглашений</a></small></p>{{/if}}',
  ].join('\n'),
}

export const portalInvitation = defineMessageType<PortalInvitationMeta>({
  type: PORTAL_INVITATION,
  meta,
  channels: ['email'],
  strategy: 'first',
  secret: true,
  sendableByStaff: false,
  templates: { email: { en, ru } },
})
