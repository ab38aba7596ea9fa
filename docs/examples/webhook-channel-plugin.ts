// The smallest complete channel plugin: a Slack-style "incoming webhook" channel that posts each message
// as `{ "text": ... }` to one URL (say, the building's operations channel). Copy it to plugins/<channel>/
// (the transport class to adapters/<channel>/<provider>.ts) and change the marked places.
//
// Environment:
//   OPS_WEBHOOK_URL   The incoming-webhook URL. Without it the channel has no transport and is skipped.
import { errorForStatus, parseRetryAfter, type TransportEnv } from '../../adapters/transport/http-errors'
import { LazyTransports } from '../../adapters/transport/lazy-transports'
import { InvalidAddressError, TransientTransportError, type SendResult, type Transport } from '../../adapters/transport/types'
import { definePlugin } from '../../plugins/kernel'
import '../../plugins/notifications/contributions'
import type { Channel } from '../../tasks/delivery/contracts'
import { renderTemplates } from '../../tasks/delivery/templates'

type OpsContent = { text: string }

/** (1) The transport: one provider. It delivers to an address and classifies what went wrong. */
export class IncomingWebhookTransport implements Transport<OpsContent, string> {
  readonly name = 'incoming-webhook'

  async send(url: string, content: OpsContent): Promise<SendResult> {
    let response: Response
    try {
      response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(content), signal: AbortSignal.timeout(10_000) })
    } catch (error) {
      throw new TransientTransportError(`webhook: ${(error as Error).message}`) // network: worth a retry
    }
    const body = (await response.text()).slice(0, 200)
    // Slack answers 404 no_service / 410 channel_is_archived for a webhook that is gone for good
    if (response.status === 404 || response.status === 410) throw new InvalidAddressError(`webhook: ${response.status} ${body}`, response.status)
    if (!response.ok) throw errorForStatus(response.status, `webhook: ${response.status} ${body}`, response.status, parseRetryAfter(response.headers.get('retry-after')))
    return { providerMessageId: response.headers.get('x-request-id') ?? '' }
  }
}

export const OPS_CHANNEL = 'ops' // (2) the name message types list in `channels`

/** (3) The channel: addresses, rendering, transports. */
export function opsChannel(url: string | undefined): Channel<OpsContent, string> {
  const transports = new LazyTransports([() => (url ? new IncomingWebhookTransport() : undefined)])
  return {
    name: OPS_CHANNEL,
    preferenceKey: OPS_CHANNEL,
    transports: () => transports.list,
    // one address for everyone: the operations room (a per-user channel would look the user's address up here)
    resolveAddresses: async () => (url ? [url] : []),
    render(input) {
      const { parts } = renderTemplates(input.type, OPS_CHANNEL, input.locale, { ...input.meta })
      const text = parts.text ?? [parts.title, parts.body].filter(Boolean).join('\n')
      if (!text) throw new Error(`message type ${input.type.type} has no text for the ops channel`)
      return { text }
    },
    describeAddress: address => new URL(address).host, // the trace must not hold the webhook's secret path
  }
}

/** (4) The plugin: contributes the channel; config.ts (or a test) adds it to the plugin list. */
export function opsChannelPlugin(env: TransportEnv) {
  return definePlugin({ name: 'ops-channel', requires: ['notifications'], contributes: { channels: [opsChannel(env.OPS_WEBHOOK_URL || undefined)] } })
}
