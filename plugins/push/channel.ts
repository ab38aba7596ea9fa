// The push channel: every push token of the recipient user's devices, each sent through its own provider;
// the type's `push` template (or `default`) gives title, body, an optional deep link and `data.*` parts.
// A token its provider reports dead is deleted.
import type { LazyTransports } from '../../adapters/transport/lazy-transports'
import type { PushContent, Transport } from '../../adapters/transport/types'
import type { Channel } from '../../tasks/delivery/contracts'
import { renderTemplates } from '../../tasks/delivery/templates'
import { PushRouterTransport, type PushAddress } from './router'

export const PUSH_CHANNEL = 'push'

export function pushChannel(providers: LazyTransports<Transport<PushContent, string>>): Channel<PushContent, PushAddress> {
  const router = [new PushRouterTransport(providers)]
  return {
    name: PUSH_CHANNEL,
    preferenceKey: PUSH_CHANNEL,
    transports: () => (providers.list.length ? router : []),
    async resolveAddresses(recipient, { context }) {
      if (!recipient.userId) return [] // phones and emails have no devices
      const tokens = await context.prisma.pushToken.findMany({
        where: { remoteClient: { ownerId: recipient.userId } },
        select: { transport: true, token: true },
        orderBy: [{ transport: 'asc' }, { token: 'asc' }],
      })
      return tokens.map((t: PushAddress) => ({ transport: t.transport, token: t.token }))
    },
    render(input) {
      const { parts } = renderTemplates(input.type, PUSH_CHANNEL, input.locale, { ...input.meta, unsubscribeUrl: input.unsubscribeUrl })
      const title = (parts.title ?? parts.subject ?? '').trim()
      const body = (parts.body ?? parts.text ?? '').trim()
      if (!title || !body) throw new Error(`message type ${input.type.type} needs "title" and "body" (or "text") in its push template`)
      const data: Record<string, string> = { messageId: input.messageId, messageType: input.type.type }
      for (const [name, value] of Object.entries(parts)) if (name.startsWith('data.')) data[name.slice(5)] = value
      const deepLink = parts.deepLink?.trim()
      return { title, body, data, ...(deepLink ? { deepLink } : {}) }
    },
    async pruneAddress(address, _recipient, { context }) {
      await context.prisma.pushToken.deleteMany({ where: { transport: address.transport, token: address.token } })
    },
    describeAddress: address => `${address.transport} …${address.token.slice(-6)}`,
  }
}
