// One channel's part of a delivery run: every address, each through the channel's transports in order.
// Per address, a MessageDelivery row is written before the send ('sending') and after it ('sent'...),
// so a later run skips what was sent and re-sends, with the same idempotency key, what may have been.
import crypto from 'node:crypto'
import { isUniqueViolation } from '../../adapters/database/unique-violation'
import { classify, type Transport } from '../../adapters/transport/types'
import type { AnyChannel, ChannelContext, Recipient } from './contracts'
import { maskAddress, type Trace } from './trace'

export type ChannelOutcome =
  | { kind: 'sent'; sentAt: Date }
  /** Worth another run later; retryAfterMs when a provider said when. */
  | { kind: 'transient'; retryAfterMs?: number }
  | { kind: 'failed' }

type Args = {
  prisma: any
  messageId: string
  channel: AnyChannel
  transports: readonly Transport<any, any>[]
  addresses: readonly unknown[]
  content: unknown
  recipient: Recipient
  ctx: ChannelContext
  trace: Trace
  /** On the last run a transient failure is final: fall through to the next transport or channel. */
  lastRun: boolean
}

export function idempotencyKey(messageId: string, channel: string, address: unknown) {
  const text = typeof address === 'string' ? address : JSON.stringify(address)
  return `message-${messageId}-${channel}-${crypto.createHash('sha256').update(text).digest('hex').slice(0, 24)}`
}

type Row = { status: string; transport: string; attempts: number | null; sentAt: Date | null }

/** Creates the row as 'sending', or returns the existing one (an earlier run got this far). */
async function openRow(prisma: any, data: { messageId: string; channel: string; idempotencyKey: string; addressHint: string; transport: string }) {
  try {
    await prisma.messageDelivery.create({ data: { ...data, status: 'sending', attempts: 1 } })
    return null
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    return (await prisma.messageDelivery.findUnique({
      where: { idempotencyKey: data.idempotencyKey },
      select: { status: true, transport: true, attempts: true, sentAt: true },
    })) as Row
  }
}

type Pending = { address: unknown; key: string; hint: string; existing: Row | null; start: number; attempts: number }
type AddressOutcome = 'sent' | 'failed' | 'invalid' | 'transient' | 'next'

export async function sendOnChannel(args: Args): Promise<ChannelOutcome> {
  const { prisma, channel, transports } = args
  const state: RunState = {}

  const pending: Pending[] = []
  for (const address of args.addresses) {
    const key = idempotencyKey(args.messageId, channel.name, address)
    const hint = channel.describeAddress ? channel.describeAddress(address) : maskAddress(address)
    const existing = await openRow(prisma, { messageId: args.messageId, channel: channel.name, idempotencyKey: key, addressHint: hint, transport: transports[0].name })
    if (existing?.status === 'sent') {
      state.sentAt ??= existing.sentAt ?? new Date() // an earlier run sent it: never again
      continue
    }
    if (existing && existing.status !== 'sending') continue // failed or invalid for good
    // a 'sending' row from an earlier run may have reached its provider: resume with that transport
    const start = existing ? Math.max(0, transports.findIndex(t => t.name === existing.transport)) : 0
    pending.push({ address, key, hint, existing, start, attempts: existing?.attempts ?? 1 })
  }

  // A first transport with a batch API (FCM multicast) takes every address that starts with it in one
  // call; each address's result is recorded as a single send's would be, and a permanent failure goes on
  // to the next transports one address at a time.
  const first = transports[0]
  const batch = first.sendBatch ? pending.filter(p => p.start === 0) : []
  const afterBatch = new Map<Pending, AddressOutcome>()
  if (batch.length) {
    for (const p of batch) {
      if (!p.existing) continue
      p.attempts++
      await prisma.messageDelivery.update({ where: { idempotencyKey: p.key }, data: { transport: first.name, attempts: p.attempts, status: 'sending' } })
    }
    let results: Array<{ ok: true; providerMessageId: string } | { ok: false; error: unknown }>
    try {
      // one key for the call: batch transports derive each address's key from it and the address
      results = await first.sendBatch!(batch.map(p => p.address), args.content, { idempotencyKey: `message-${args.messageId}-${channel.name}` })
      if (results.length !== batch.length) throw new Error(`${first.name}: sendBatch answered ${results.length} results for ${batch.length} addresses`)
    } catch (thrown) {
      results = batch.map(() => ({ ok: false as const, error: thrown }))
    }
    for (let i = 0; i < batch.length; i++) {
      const result = results[i]
      const outcome = result.ok
        ? await recordSent(args, state, batch[i], first, result.providerMessageId)
        : await recordError(args, state, batch[i], first, result.error)
      afterBatch.set(batch[i], outcome)
    }
  }

  for (const p of pending) {
    const batched = afterBatch.get(p)
    if (batched !== undefined && batched !== 'next') continue
    let outcome: AddressOutcome = 'failed'
    for (let i = batched === 'next' ? 1 : p.start; i < transports.length; i++) {
      const transport = transports[i]
      if (p.existing || batched === 'next' || i > p.start) {
        p.attempts++
        await prisma.messageDelivery.update({ where: { idempotencyKey: p.key }, data: { transport: transport.name, attempts: p.attempts, status: 'sending' } })
      }
      try {
        const result = await transport.send(p.address, args.content, { idempotencyKey: p.key })
        outcome = await recordSent(args, state, p, transport, result.providerMessageId)
      } catch (thrown) {
        outcome = await recordError(args, state, p, transport, thrown)
      }
      if (outcome !== 'next') break
      outcome = 'failed' // permanent (or transient on the last run): the next transport
    }
    if (outcome === 'failed') await prisma.messageDelivery.update({ where: { idempotencyKey: p.key }, data: { status: 'failed' } })
  }

  if (state.transient) return { kind: 'transient', retryAfterMs: state.transient.retryAfterMs }
  if (state.sentAt) return { kind: 'sent', sentAt: state.sentAt }
  return { kind: 'failed' }
}

type RunState = { sentAt?: Date; transient?: { retryAfterMs?: number } }

async function recordSent(args: Args, state: RunState, p: Pending, transport: Transport<any, any>, providerMessageId: unknown): Promise<AddressOutcome> {
  const at = new Date()
  await args.prisma.messageDelivery.update({
    where: { idempotencyKey: p.key },
    data: { status: 'sent', providerMessageId: String(providerMessageId ?? ''), sentAt: at, error: '' },
  })
  args.trace.add({ outcome: 'sent', channel: args.channel.name, transport: transport.name, address: p.hint, providerMessageId: String(providerMessageId ?? '') })
  state.sentAt ??= at
  return 'sent'
}

/** Records a failed attempt; 'next' = try the next transport (permanent, or transient on the last run). */
async function recordError(args: Args, state: RunState, p: Pending, transport: Transport<any, any>, thrown: unknown): Promise<AddressOutcome> {
  const { prisma, channel, trace } = args
  const error = classify(thrown)
  const message = error.providerCode !== undefined ? `${error.message} (${error.providerCode})` : error.message
  if (error.kind === 'invalid-address') {
    trace.add({ outcome: 'invalidAddress', channel: channel.name, transport: transport.name, address: p.hint, error: message })
    await prisma.messageDelivery.update({ where: { idempotencyKey: p.key }, data: { status: 'invalidAddress', error: message } })
    await channel.pruneAddress?.(p.address, args.recipient, args.ctx)
    return 'invalid'
  }
  const retryAfterMs = error.kind === 'transient' ? (error as any).retryAfterMs : undefined
  trace.add({ outcome: error.kind, channel: channel.name, transport: transport.name, address: p.hint, error: message, ...(retryAfterMs ? { retryAfterMs } : {}) })
  await prisma.messageDelivery.update({ where: { idempotencyKey: p.key }, data: { error: message } })
  if (error.kind === 'transient' && !args.lastRun) {
    // stays 'sending': the next run starts again with this transport
    state.transient = { retryAfterMs: Math.max(state.transient?.retryAfterMs ?? 0, retryAfterMs ?? 0) || undefined }
    return 'transient'
  }
  return 'next'
}
