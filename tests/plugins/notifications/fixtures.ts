// A test plugin for the notification pipeline: recording transports (scriptable failures), channels
// named like the real ones, and message types covering each policy. Each test states only what matters.
import { z } from 'zod'
import type { SendOptions, Transport } from '../../../adapters/transport/types'
import { definePlugin } from '../../../plugins/kernel'
import type { Channel, MessageTypeDefinition, Recipient } from '../../../tasks/delivery/contracts'
import { defineMessageType } from '../../../tasks/delivery/contracts'
import { renderTemplates } from '../../../tasks/delivery/templates'
import type { TestApp } from '../../harness/app'

export type Sent = { transport: string; address: string; content: any; idempotencyKey: string; at: number }

/** Records every send; `failWith` queues errors thrown by the next calls, in order. */
export class RecordingTransport implements Transport<any, string> {
  readonly sent: Sent[] = []
  calls = 0
  private readonly script: (() => unknown)[] = []
  constructor(
    readonly name: string,
    private readonly log?: Sent[]
  ) {}

  failWith(...errors: Error[]) {
    for (const error of errors) this.script.push(() => { throw error })
    return this
  }

  async send(address: string, content: any, options: SendOptions) {
    this.calls++
    const step = this.script.shift()
    if (step) step()
    const record = { transport: this.name, address, content, idempotencyKey: options.idempotencyKey, at: Date.now() }
    this.sent.push(record)
    this.log?.push(record)
    return { providerMessageId: `${this.name}-${this.sent.length}` }
  }

  reset() {
    this.sent.length = 0
    this.script.length = 0
    this.calls = 0
  }
}

type ChannelOptions = {
  transports: RecordingTransport[]
  address?: (recipient: Recipient) => string[]
  carriesUnsubscribeLink?: boolean
  pruned?: string[]
}

export function recordingChannel(name: string, options: ChannelOptions): Channel<any, string> {
  return {
    name,
    preferenceKey: name,
    carriesUnsubscribeLink: options.carriesUnsubscribeLink,
    transports: () => options.transports,
    resolveAddresses: async recipient =>
      options.address ? options.address(recipient) : [recipient.phone ?? recipient.email ?? `${name}-of-${recipient.userId}`],
    render: input => ({
      ...renderTemplates(input.type, name, input.locale, { ...input.meta, unsubscribeUrl: input.unsubscribeUrl }).parts,
      unsubscribeUrl: input.unsubscribeUrl,
    }),
    pruneAddress: async address => void options.pruned?.push(address),
  }
}

const notice = z.object({ title: z.string().min(1), body: z.string().min(1) })
const templates = {
  default: {
    en: { text: '{{title}}: {{body}}' },
    ru: { text: 'Внимание, {{title}}: {{body}}' },
  },
  email: { en: { subject: '{{title}}', text: '{{body}}', html: '<p>{{body}}</p>' } },
}

const type = (definition: Partial<MessageTypeDefinition> & { type: string }) =>
  defineMessageType({ meta: notice, templates, channels: ['sms', 'email'], retry: { attempts: 3, backoffMs: 40 }, ...definition })

export const TEST_TYPES = {
  notice: type({ type: 'TEST_NOTICE' }),
  all: type({ type: 'TEST_ALL', strategy: 'all' }),
  throttled: type({ type: 'TEST_THROTTLED', throttleMs: 60_000 }),
  critical: type({ type: 'TEST_CRITICAL', critical: true }),
  urgent: type({ type: 'TEST_URGENT', urgent: true }),
  secret: defineMessageType({
    type: 'TEST_SECRET',
    meta: z.object({ code: z.string().regex(/^\d{4}$/) }),
    templates: { default: { en: { text: 'Your code is {{code}}' } } },
    channels: ['sms'],
    critical: true,
    secret: true,
  }),
  priority: type({ type: 'TEST_PRIORITY', priority: 1 }),
}

export type TestPipeline = {
  log: Sent[]
  sms: RecordingTransport
  smsBackup: RecordingTransport
  email: RecordingTransport
  pushPruned: string[]
  reset(): void
}

/** Channels sms (two transports, with unsubscribe links) and email (one), and the test types. */
export function testNotificationsPlugin(): { plugin: ReturnType<typeof definePlugin>; pipeline: TestPipeline } {
  const log: Sent[] = []
  const sms = new RecordingTransport('sms-primary', log)
  const smsBackup = new RecordingTransport('sms-backup', log)
  const email = new RecordingTransport('email-smtp', log)
  const pushPruned: string[] = []
  const plugin = definePlugin({
    name: 'test-notifications',
    requires: ['notifications'],
    contributes: {
      channels: [
        recordingChannel('sms', { transports: [sms, smsBackup], carriesUnsubscribeLink: true, pruned: pushPruned }),
        recordingChannel('email', { transports: [email], carriesUnsubscribeLink: true }),
      ],
      messageTypes: Object.values(TEST_TYPES),
    },
  })
  return {
    plugin,
    pipeline: {
      log,
      sms,
      smsBackup,
      email,
      pushPruned,
      reset() {
        log.length = 0
        for (const t of [sms, smsBackup, email]) t.reset()
        pushPruned.length = 0
      },
    },
  }
}

export async function drain(app: TestApp) {
  const { configRegistry } = await import('../../../plugins/kernel')
  await configRegistry(app.config).one('queue').drain(20_000)
}

export async function messageById(app: TestApp, id: string) {
  return (app.context.prisma as any).message.findUnique({ where: { id }, include: { deliveries: true } })
}

/** A clock the test sets: contributed under the registry key `clock` (quiet hours read it). */
export function testClock(start: string | Date) {
  let current = new Date(start)
  const clock = { now: () => new Date(current), set: (at: string | Date) => void (current = new Date(at)) }
  const plugin = definePlugin({ name: 'test-clock', requires: ['notifications'], contributes: { clock: [clock] } })
  return { clock, plugin }
}

/** Polls until the message's run ended (its lease given back or a final status): for runs that leave delayed jobs, which `drain` would wait for. */
export async function settled(app: TestApp, id: string, done: (message: any) => boolean = m => !m.leaseUntil && (m.trace ?? []).length > 0, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs
  for (;;) {
    const message = await messageById(app, id)
    if (message && done(message)) return message
    if (Date.now() > until) throw new Error(`message ${id} did not settle: ${JSON.stringify(message?.status)}`)
    await new Promise(resolve => setTimeout(resolve, 25))
  }
}
