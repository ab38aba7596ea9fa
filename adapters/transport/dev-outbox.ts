// The dev outbox: the transport of the embedded default. It sends nothing; it records each rendered
// message in a store (the DevOutboxEntry list, visible to admins) so a developer sees what would have gone out.
import type { SendOptions, SendResult, Transport } from './types'

/** Self-describing, because the store keeps it for people to read. */
export type DevOutboxContent = {
  messageId: string
  /** The channel this rendering is for (the dev outbox stands in for it). */
  channel: string
  locale: string
  /** The channel's rendered content (parts such as subject/text/html or title/body). */
  content: unknown
  /** One line for the list view. */
  preview: string
  unsubscribeUrl?: string
}

export type DevOutboxRecord = DevOutboxContent & { address: string; idempotencyKey: string }

export interface DevOutboxStore {
  /** Idempotent by `idempotencyKey`: a second record of the same key returns the first one's id. */
  record(entry: DevOutboxRecord): Promise<{ id: string }>
}

export class DevOutboxTransport implements Transport<DevOutboxContent, unknown> {
  readonly name = 'devOutbox'
  constructor(private readonly store: DevOutboxStore) {}

  async send(address: unknown, content: DevOutboxContent, options: SendOptions): Promise<SendResult> {
    const shown = typeof address === 'string' ? address : JSON.stringify(address)
    const { id } = await this.store.record({ ...content, address: shown, idempotencyKey: options.idempotencyKey })
    return { providerMessageId: `devoutbox-${id}` }
  }
}
