// A channel whose address is stored: each organization keeps the incoming-webhook URL of its own team
// chat (Organization.alertsWebhookUrl), and messages sent on the `org-alerts` channel with an
// organizationId are posted there. Copy it to plugins/org-alerts/ (the field to schema/org-alerts/).
//
// Environment:
//   ORG_ALERTS_ORIGINS  Comma-separated origins a stored URL may point at (https://hooks.slack.com).
//                       Unset: the channel has no transport, so registering the plugin leaves the
//                       embedded dev outbox on for everyone (NOTIFICATIONS_DEV_OUTBOX=auto); set, it is
//                       also what keeps staff from making the server post to any other address.
import { text } from '@keystone-6/core/fields'
import type { TransportEnv } from '../../adapters/transport/http-errors'
import { LazyTransports } from '../../adapters/transport/lazy-transports'
import { definePlugin } from '../../plugins/kernel'
import '../../plugins/notifications/contributions'
import { holdsPermission } from '../../schema/shared/access'
import { typedError } from '../../schema/shared/errors'
import type { Channel } from '../../tasks/delivery/contracts'
import { renderTemplates } from '../../tasks/delivery/templates'
import { IncomingWebhookTransport } from './webhook-channel-plugin'

export const ORG_ALERTS_CHANNEL = 'org-alerts'

/** (1) The switch: the origins stored URLs may use; none, no transport. */
export function allowedOriginsFrom(env: TransportEnv): string[] {
  return (env.ORG_ALERTS_ORIGINS ?? '').split(',').map(origin => origin.trim().replace(/\/+$/, '')).filter(Boolean)
}

const isAllowed = (url: string, origins: readonly string[]) => origins.some(origin => url === origin || url.startsWith(`${origin}/`))

/** (2) The stored address: a field on Organization, readable only where it may be changed (it is a secret). */
function alertsWebhookUrlField(origins: readonly string[]) {
  const canManage = ({ session, context, item }: any) => !!session && holdsPermission(context, String(item.id), 'manageEmployees')
  const isAdmin = ({ session }: any) => !!session?.data?.isAdmin
  return text({
    db: { isNullable: true },
    access: { read: { item: canManage, filter: isAdmin, order: isAdmin } },
    ui: { description: 'Incoming-webhook URL of the organization’s team chat, for alerts' },
    hooks: {
      resolveInput: ({ resolvedData }) => {
        const url = resolvedData.alertsWebhookUrl
        if (typeof url !== 'string') return url
        if (!url.trim()) return null
        if (!isAllowed(url.trim(), origins)) {
          throw typedError('WEBHOOK_URL_NOT_ALLOWED', `The URL must start with ${origins.length ? origins.join(' or ') : 'an origin listed in ORG_ALERTS_ORIGINS, which is not set'}`)
        }
        return url.trim()
      },
    },
  })
}

/** (3) The channel: the message's organization's stored URL is the address. */
function organizationAlertsChannel(origins: readonly string[]): Channel<{ text: string }, string> {
  const transports = new LazyTransports([() => (origins.length ? new IncomingWebhookTransport() : undefined)])
  return {
    name: ORG_ALERTS_CHANNEL,
    preferenceKey: ORG_ALERTS_CHANNEL,
    transports: () => transports.list,
    async resolveAddresses(recipient, { context }) {
      if (!recipient.organizationId) return []
      const organization = await context.prisma.organization.findUnique({ where: { id: recipient.organizationId }, select: { alertsWebhookUrl: true } })
      const url = organization?.alertsWebhookUrl
      // stored before ORG_ALERTS_ORIGINS changed: not posted to
      return url && isAllowed(url, origins) ? [url] : []
    },
    render(input) {
      const { parts } = renderTemplates(input.type, ORG_ALERTS_CHANNEL, input.locale, { ...input.meta })
      const text = parts.text ?? [parts.title, parts.body].filter(Boolean).join('\n')
      if (!text) throw new Error(`message type ${input.type.type} has no text for the ${ORG_ALERTS_CHANNEL} channel`)
      return { text }
    },
    // the webhook is gone (404/410): forget it, the organization sets a new one
    async pruneAddress(url, recipient, { context }) {
      if (recipient.organizationId) {
        await context.prisma.organization.updateMany({ where: { id: recipient.organizationId, alertsWebhookUrl: url }, data: { alertsWebhookUrl: null } })
      }
    },
    describeAddress: url => new URL(url).host, // the trace must not hold the webhook's secret path
  }
}

/** (4) The plugin: the field on Organization and the channel; config.ts adds it to channelPluginsFromEnv. */
export function organizationAlertsPlugin(options: { allowedOrigins: readonly string[] }) {
  return definePlugin({
    name: 'org-alerts',
    requires: ['organizations', 'notifications'],
    extendLists: { Organization: { fields: { alertsWebhookUrl: alertsWebhookUrlField(options.allowedOrigins) } } },
    contributes: { channels: [organizationAlertsChannel(options.allowedOrigins)] },
  })
}

export function organizationAlertsPluginFromEnv(env: TransportEnv) {
  return organizationAlertsPlugin({ allowedOrigins: allowedOriginsFrom(env) })
}
