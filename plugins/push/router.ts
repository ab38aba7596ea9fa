// The push channel's one transport as the pipeline sees it: each token goes to the provider it was issued
// by (stored with the token), never to another. The Channel contract tries a channel's transports in order
// for every address, which suits SMS fallback but not push; routing by the address keeps the contract as is.
// The trace names this transport 'push'; the address hint names the provider ("fcm …a1b2c3").
import type { LazyTransports } from '../../adapters/transport/lazy-transports'
import { classify, PermanentTransportError, type BatchResult, type PushContent, type SendOptions, type SendResult, type Transport } from '../../adapters/transport/types'

export type PushAddress = { transport: string; token: string }

export class PushRouterTransport implements Transport<PushContent, PushAddress> {
  readonly name = 'push'
  constructor(private readonly providers: LazyTransports<Transport<PushContent, string>>) {}

  send(address: PushAddress, content: PushContent, options: SendOptions): Promise<SendResult> {
    const provider = this.providers.list.find(t => t.name === address.transport)
    if (!provider) throw new PermanentTransportError(`push transport "${address.transport}" is not configured on this server`)
    return provider.send(address.token, content, options)
  }

  /**
   * One call per provider: a provider with a batch API (FCM multicast, APNs' one connection) gets all of
   * its tokens at once, the others one send per token. Results come back in the order of `addresses`.
   */
  async sendBatch(addresses: readonly PushAddress[], content: PushContent, options: SendOptions): Promise<BatchResult[]> {
    const results: BatchResult[] = new Array(addresses.length)
    const groups = new Map<string, number[]>()
    addresses.forEach((a, i) => groups.set(a.transport, [...(groups.get(a.transport) ?? []), i]))
    await Promise.all(
      [...groups].map(async ([name, indexes]) => {
        const provider = this.providers.list.find(t => t.name === name)
        const tokens = indexes.map(i => addresses[i].token)
        let answers: BatchResult[]
        if (!provider) {
          const error = new PermanentTransportError(`push transport "${name}" is not configured on this server`)
          answers = tokens.map(address => ({ address, ok: false, error }))
        } else if (provider.sendBatch) {
          try {
            answers = await provider.sendBatch(tokens, content, options)
          } catch (thrown) {
            // only this provider's tokens share the failure: the other providers' results stand
            const error = classify(thrown)
            answers = tokens.map(address => ({ address, ok: false, error }))
          }
        } else {
          answers = await Promise.all(
            tokens.map(async (address): Promise<BatchResult> => {
              try {
                const { providerMessageId } = await provider.send(address, content, { idempotencyKey: `${options.idempotencyKey}:${address}` })
                return { address, ok: true, providerMessageId }
              } catch (error) {
                return { address, ok: false, error: classify(error) }
              }
            })
          )
        }
        indexes.forEach((index, k) => (results[index] = answers[k]))
      })
    )
    return results
  }
}
