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
  async send(_address: string, _content: unknown, options: SendOptions) {
    this.count++
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
