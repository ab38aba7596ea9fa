// The SMS channel: one E.164 address per recipient (the user's phone, or the message's phone), the
// type's `sms` template (or `default`) rendered per locale, checked against the segment limit, with the
// unsubscribe link for non-critical types; transports in priority order (the next one on a permanent failure).
import { assertSmsFits } from '../../adapters/sms/segments'
import type { LazyTransports } from '../../adapters/transport/lazy-transports'
import type { SmsContent, Transport } from '../../adapters/transport/types'
import type { Channel } from '../../tasks/delivery/contracts'
import { renderTemplates } from '../../tasks/delivery/templates'
import { userAddressesOf } from '../../tasks/delivery/user-addresses'

export const SMS_CHANNEL = 'sms'

export type SmsChannelOptions = {
  transports: LazyTransports<Transport<SmsContent, string>>
  /** A rendering longer than this many segments is a permanent failure of the channel (not sent). */
  maxSegments: number
}

export function smsChannel(options: SmsChannelOptions): Channel<SmsContent, string> {
  return {
    name: SMS_CHANNEL,
    preferenceKey: SMS_CHANNEL,
    carriesUnsubscribeLink: true,
    // the signed link (~190 characters) alone would take 3 segments of a Cyrillic (UCS-2) text
    shortUnsubscribeLink: true,
    transports: () => options.transports.list,
    reachableUsers: { AND: [{ phone: { not: null } }, { NOT: { phone: '' } }] },
    addressField: 'phone',
    async resolveAddresses(recipient, { context }) {
      if (!recipient.userId) return recipient.phone ? [recipient.phone] : []
      const user = await userAddressesOf(context.prisma, recipient.userId)
      return user?.phone ? [user.phone] : []
    },
    render(input) {
      const { parts, locale } = renderTemplates(input.type, SMS_CHANNEL, input.locale, { ...input.meta, unsubscribeUrl: input.unsubscribeUrl })
      let text = (parts.text ?? parts.body ?? '').trim()
      if (!text) throw new Error(`message type ${input.type.type} has no "text" part in its sms template`)
      // a type whose template forgot the link still carries it: the law (and the carriers) want it
      if (input.unsubscribeUrl && !text.includes(input.unsubscribeUrl)) text = `${text}\n${input.unsubscribeUrl}`
      assertSmsFits(text, options.maxSegments, `${input.type.type} (${locale})`)
      return { text }
    },
  }
}
