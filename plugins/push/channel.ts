// The push channel: every push token of the recipient user's devices, each sent through its own provider;
// the type's `push` template (or `default`) gives title, body, an optional deep link and `data.*` parts.
// A token its provider reports dead is deleted.
import type { LazyTransports } from '../../adapters/transport/lazy-transports'
import type { PushContent, Transport } from '../../adapters/transport/types'
import type { Channel } from '../../tasks/delivery/contracts'
import { renderTemplates } from '../../tasks/delivery/templates'
import { loaderByKey } from '../../tasks/delivery/turn-batch'
import { PushRouterTransport, type PushAddress } from './router'

/** Every push token of each user of a delivery run, in one query per run (in a stable order per user). */
const tokensOf = loaderByKey<PushAddress[]>(async (prisma, userIds) => {
  const rows: { transport: string; token: string; remoteClient: { ownerId: string } }[] = await prisma.pushToken.findMany({
    where: { remoteClient: { ownerId: { in: userIds } } },
    select: { transport: true, token: true, remoteClient: { select: { ownerId: true } } },
    orderBy: [{ transport: 'asc' }, { token: 'asc' }],
  })
  const byUser = new Map<string, PushAddress[]>()
  for (const row of rows) {
    const list = byUser.get(row.remoteClient.ownerId) ?? []
    list.push({ transport: row.transport, token: row.token })
    byUser.set(row.remoteClient.ownerId, list)
  }
  return byUser
})

export const PUSH_CHANNEL = 'push'

export function pushChannel(providers: LazyTransports<Transport<PushContent, string>>): Channel<PushContent, PushAddress> {
  const router = [new PushRouterTransport(providers)]
  return {
    name: PUSH_CHANNEL,
    preferenceKey: PUSH_CHANNEL,
    transports: () => (providers.list.length ? router : []),
    // a device of theirs with a token (resolveAddresses reads the same tokens)
    reachableUsers: { from_RemoteClient_owner: { some: { pushTokens: { some: {} } } } },
    async resolveAddresses(recipient, { context }) {
      if (!recipient.userId) return [] // phones and emails have no devices
      return (await tokensOf(context.prisma, recipient.userId)) ?? []
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
