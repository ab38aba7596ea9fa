// The email channel: the user's (or the message's) address, the type's `email` template (or `default`)
// rendered per locale as subject + HTML + plain text, and for non-critical types the signed unsubscribe
// link as List-Unsubscribe with RFC 8058 one-click (the link's POST unsubscribes; its GET only asks).
import type { LazyTransports } from '../../adapters/transport/lazy-transports'
import type { EmailContent, Transport } from '../../adapters/transport/types'
import type { Channel } from '../../tasks/delivery/contracts'
import { renderTemplates } from '../../tasks/delivery/templates'
import { userAddressesOf } from '../../tasks/delivery/user-addresses'

export const EMAIL_CHANNEL = 'email'

export function emailChannel(transports: LazyTransports<Transport<EmailContent, string>>): Channel<EmailContent, string> {
  return {
    name: EMAIL_CHANNEL,
    preferenceKey: EMAIL_CHANNEL,
    carriesUnsubscribeLink: true,
    transports: () => transports.list,
    reachableUsers: { AND: [{ email: { not: null } }, { NOT: { email: '' } }] },
    addressField: 'email',
    async resolveAddresses(recipient, { context }) {
      if (!recipient.userId) return recipient.email ? [recipient.email] : []
      const user = await userAddressesOf(context.prisma, recipient.userId)
      return user?.email ? [user.email] : []
    },
    render(input) {
      const { parts } = renderTemplates(input.type, EMAIL_CHANNEL, input.locale, { ...input.meta, unsubscribeUrl: input.unsubscribeUrl })
      const subject = (parts.subject ?? parts.title ?? '').replace(/\s+/g, ' ').trim()
      if (!subject) throw new Error(`message type ${input.type.type} has no "subject" part in its email template`)
      const text = parts.text ?? (parts.html !== undefined ? textFromHtml(parts.html) : parts.body)
      if (!text?.trim()) throw new Error(`message type ${input.type.type} has neither "text" nor "html" in its email template`)
      const html = parts.html ?? htmlFromText(text)
      const headers = input.unsubscribeUrl
        ? { 'List-Unsubscribe': `<${input.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
        : undefined
      return { subject, html, text, ...(headers ? { headers } : {}) }
    },
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** Paragraphs from blank lines, <br> from single newlines. */
export function htmlFromText(text: string): string {
  return text
    .trim()
    .split(/\n{2,}/)
    .map(paragraph => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n')
}

/** A readable plain-text alternative for templates that give only HTML. */
export function textFromHtml(html: string): string {
  return html
    .replace(/<(br|\/p|\/div|\/h\d|\/li)\s*\/?>/gi, '\n')
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/gi, '$2 ($1)')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
