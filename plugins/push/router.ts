// The push channel's one transport as the pipeline sees it: each token goes to the provider it was issued
// by (stored with the token), never to another. The Channel contract tries a channel's transports in order
// for every address, which suits SMS fallback but not push; routing by the address keeps the contract as is.
// The trace names this transport 'push'; the address hint names the provider ("fcm …a1b2c3").
import type { LazyTransports } from '../../adapters/transport/lazy-transports'
import { PermanentTransportError, type PushContent, type SendOptions, type SendResult, type Transport } from '../../adapters/transport/types'

export type PushAddress = { transport: string; token: string }

export class PushRouterTransport implements Transport<PushContent, PushAddress> {
  readonly name = 'push'
  constructor(private readonly providers: LazyTransports<Transport<PushContent, string>>) {}

  send(address: PushAddress, content: PushContent, options: SendOptions): Promise<SendResult> {
    const provider = this.providers.list.find(t => t.name === address.transport)
    if (!provider) throw new PermanentTransportError(`push transport "${address.transport}" is not configured on this server`)
    return provider.send(address.token, content, options)
  }
}
