// For the fault tests: an sms channel whose transport appends one line per accepted send to a file,
// so sends made by worker processes (which may be killed) are counted by the test process.
import fs from 'node:fs'
import { z } from 'zod'
import type { SendOptions, Transport } from '../../../adapters/transport/types'
import { definePlugin } from '../../../plugins/kernel'
import { defineMessageType } from '../../../tasks/delivery/contracts'

export const FAULT_TYPE = defineMessageType({
  type: 'FAULT_NOTICE',
  meta: z.object({ n: z.number() }),
  templates: { default: { en: { text: 'Notice {{n}}' } } },
  channels: ['sms'],
  retry: { attempts: 5, backoffMs: 200 },
})

/** A provider call takes `latencyMs` (or, with jitter, anything up to twice that, so that parallel sends
 *  finish one by one); the line is written when the provider "accepted" the message. */
class FileRecordingTransport implements Transport<{ text: string }, string> {
  readonly name = 'file-recorder'
  constructor(
    private readonly file: string,
    private readonly latencyMs: number,
    private readonly jitter: boolean
  ) {}

  async send(address: string, content: { text: string }, options: SendOptions) {
    await new Promise(resolve => setTimeout(resolve, this.jitter ? Math.random() * 2 * this.latencyMs : this.latencyMs))
    fs.appendFileSync(this.file, `${options.idempotencyKey} ${process.pid} ${content.text}\n`)
    return { providerMessageId: `file-${options.idempotencyKey}` }
  }
}

export function faultPlugin(file: string, latencyMs = 10, jitter = false) {
  const transport = new FileRecordingTransport(file, latencyMs, jitter)
  return definePlugin({
    name: 'fault-notifications',
    requires: ['notifications'],
    contributes: {
      messageTypes: [FAULT_TYPE],
      channels: [
        {
          name: 'sms',
          preferenceKey: 'sms',
          transports: () => [transport],
          resolveAddresses: async recipient => (recipient.phone ? [recipient.phone] : []),
          render: input => ({ text: `Notice ${(input.meta as any).n}` }),
        },
      ],
    },
  })
}

/** Lines written so far: [idempotencyKey, pid]. */
export function readSends(file: string): { key: string; pid: string }[] {
  if (!fs.existsSync(file)) return []
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [key, pid] = line.split(' ')
      return { key, pid }
    })
}
