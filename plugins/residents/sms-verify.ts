// The SMS_VERIFY message type and the sender that uses it: the code goes through the one
// notification pipeline like every other message (critical: no preferences or blacklists apply;
// secret: its meta is never readable and is scrubbed once delivered).
import { z } from 'zod'
import { defineMessageType } from '../../tasks/delivery/contracts'
import { sendMessage } from '../notifications'
import type { SendCode } from './verification'

export const smsVerify = defineMessageType({
  type: 'SMS_VERIFY',
  meta: z.object({ code: z.string().regex(/^\d{6}$/) }),
  channels: ['sms'],
  strategy: 'first',
  critical: true,
  secret: true,
  sendableByStaff: false,
  templates: {
    sms: {
      en: { text: 'Your verification code: {{code}}. It is valid for 5 minutes. Do not share it.' },
      ru: { text: 'Код подтверждения: {{code}}. Действует 5 минут. Никому его не сообщайте.' },
    },
  },
})

export const sendCodeBySms: SendCode = async (context, { phone, code, locale }) => {
  await sendMessage(context.sudo(), { type: smsVerify.type, to: { phone }, meta: { code }, locale: locale ?? null })
}
