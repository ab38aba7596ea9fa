// The benchmark's message type and channel: one push-like channel whose transport only counts.
import { z } from 'zod'
import type { SendOptions, Transport } from '../adapters/transport/types'
import { definePlugin } from '../plugins/kernel'
import { defineMessageType } from '../tasks/delivery/contracts'

export const BENCH_TYPE = defineMessageType({
  type: 'BENCH_FANOUT',
  meta: z.object({ title: z.string(), body: z.string() }),
  templates: { default: { en: { title: '{{title}}', body: '{{body}}' } } },
  channels: ['push'],
})

class CountingTransport implements Transport<unknown, string> {
  readonly name = 'bench-recorder'
  count = 0
  /** When each message body was first handed to the transport (epoch ms, sub-ms precision), when asked to record. */
  readonly firstCall = new Map<string, number>()
  record = false
  async send(_address: string, content: unknown, options: SendOptions) {
    this.count++
    const body = (content as { body?: string }).body
    if (this.record && body && !this.firstCall.has(body)) this.firstCall.set(body, performance.timeOrigin + performance.now())
    return { providerMessageId: `bench-${options.idempotencyKey}` }
  }
}

export function benchPlugin() {
  const transport = new CountingTransport()
  const plugin = definePlugin({
    name: 'bench',
    requires: ['notifications'],
    contributes: {
      messageTypes: [BENCH_TYPE],
      channels: [
        {
          name: 'push',
          preferenceKey: 'push',
          transports: () => [transport],
          resolveAddresses: async recipient => [`device-of-${recipient.userId}`],
          render: input => ({ title: String(input.meta.title), body: String(input.meta.body) }),
        },
      ],
    },
  })
  return { plugin, transport }
}
