// One channel's part of a delivery run: every address, each through the channel's transports in order.
// Per address, a MessageDelivery row says what the runs did (delivery-rows.ts: read before the send,
// written once with the outcome), so a later run skips what was sent and re-sends, with the same
// idempotency key, what may have been.
import crypto from 'node:crypto'
import { classify, type Transport } from '../../adapters/transport/types'
import type { AnyChannel, ChannelContext, Recipient } from './contracts'
import type { DeliveryRows, ExistingRow } from './delivery-rows'
import { maskAddress, type Trace } from './trace'

export type ChannelOutcome =
  | { kind: 'sent'; sentAt: Date }
  /** Worth another run later; retryAfterMs when a provider said when. */
  | { kind: 'transient'; retryAfterMs?: number }
  | { kind: 'failed' }

type Args = {
  /** The run's MessageDelivery writer (batched across the messages of a run). */
  rows: DeliveryRows
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

type Pending = { address: unknown; key: string; hint: string; existing: ExistingRow | null; start: number; attempts: number }
type AddressOutcome = 'sent' | 'failed' | 'invalid' | 'transient' | 'next'

export async function sendOnChannel(args: Args): Promise<ChannelOutcome> {
  // one row per distinct address: the same device listed twice is sent to once
  const keyed = new Map(args.addresses.map(address => [idempotencyKey(args.messageId, args.channel.name, address), address]))
  try {
    return await sendEach(args, keyed)
  } catch (error) {
    // what was sent before the failure is still recorded (best effort: the database may be what failed)
    await Promise.all([...keyed.keys()].map(key => args.rows.settle(key))).catch(() => {})
    throw error
  }
}

async function sendEach(args: Args, keyed: Map<string, unknown>): Promise<ChannelOutcome> {
  const { rows, channel, transports } = args
  const state: RunState = {}
  const opened = await Promise.all(
    [...keyed].map(async ([key, address]) => {
      const hint = channel.describeAddress ? channel.describeAddress(address) : maskAddress(address)
      const existing = await rows.open({ messageId: args.messageId, channel: channel.name, idempotencyKey: key, addressHint: hint, transport: transports[0].name })
      return { key, address, hint, existing }
    })
  )
  const pending: Pending[] = []
  for (const { key, address, hint, existing } of opened) {
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
    await Promise.all(batch.filter(p => p.existing).map(p => rows.change(p.key, { transport: first.name, attempts: ++p.attempts, status: 'sending' })))
    let results: Array<{ ok: true; providerMessageId: string } | { ok: false; error: unknown }>
    try {
      // one key for the call: batch transports derive each address's key from it and the address
      results = await first.sendBatch!(batch.map(p => p.address), args.content, { idempotencyKey: `message-${args.messageId}-${channel.name}` })
      if (results.length !== batch.length) throw new Error(`${first.name}: sendBatch answered ${results.length} results for ${batch.length} addresses`)
    } catch (thrown) {
      results = batch.map(() => ({ ok: false as const, error: thrown }))
    }
    const outcomes = await Promise.all(
      batch.map((p, i) => {
        const result = results[i]
        return result.ok ? recordSent(args, state, p, first, result.providerMessageId) : recordError(args, state, p, first, result.error)
      })
    )
    batch.forEach((p, i) => afterBatch.set(p, outcomes[i]))
    // each new row written once, with its outcome (those going on to the next transports: later)
    await Promise.all(batch.filter((_, i) => outcomes[i] !== 'next').map(p => rows.settle(p.key)))
  }

  for (const p of pending) {
    const batched = afterBatch.get(p)
    if (batched !== undefined && batched !== 'next') continue
    let outcome: AddressOutcome = 'failed'
    for (let i = batched === 'next' ? 1 : p.start; i < transports.length; i++) {
      const transport = transports[i]
      if (p.existing || batched === 'next' || i > p.start) {
        await rows.change(p.key, { transport: transport.name, attempts: ++p.attempts, status: 'sending' })
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
    if (outcome === 'failed') await rows.change(p.key, { status: 'failed' })
    await rows.settle(p.key)
  }

  if (state.transient) return { kind: 'transient', retryAfterMs: state.transient.retryAfterMs }
  if (state.sentAt) return { kind: 'sent', sentAt: state.sentAt }
  return { kind: 'failed' }
}

type RunState = { sentAt?: Date; transient?: { retryAfterMs?: number } }

async function recordSent(args: Args, state: RunState, p: Pending, transport: Transport<any, any>, providerMessageId: unknown): Promise<AddressOutcome> {
  const at = new Date()
  // the trace first (before any await): a batch's entries then keep the order of its addresses
  args.trace.add({ outcome: 'sent', channel: args.channel.name, transport: transport.name, address: p.hint, providerMessageId: String(providerMessageId ?? '') })
  state.sentAt ??= at
  await args.rows.change(p.key, { status: 'sent', providerMessageId: String(providerMessageId ?? ''), sentAt: at, error: '' })
  return 'sent'
}

/** Records a failed attempt; 'next' = try the next transport (permanent, or transient on the last run). */
async function recordError(args: Args, state: RunState, p: Pending, transport: Transport<any, any>, thrown: unknown): Promise<AddressOutcome> {
  const { rows, channel, trace } = args
  const error = classify(thrown)
  const message = error.providerCode !== undefined ? `${error.message} (${error.providerCode})` : error.message
  if (error.kind === 'invalid-address') {
    trace.add({ outcome: 'invalidAddress', channel: channel.name, transport: transport.name, address: p.hint, error: message })
    await rows.change(p.key, { status: 'invalidAddress', error: message })
    await channel.pruneAddress?.(p.address, args.recipient, args.ctx)
    return 'invalid'
  }
  const retryAfterMs = error.kind === 'transient' ? (error as any).retryAfterMs : undefined
  trace.add({ outcome: error.kind, channel: channel.name, transport: transport.name, address: p.hint, error: message, ...(retryAfterMs ? { retryAfterMs } : {}) })
  await rows.change(p.key, { error: message })
  if (error.kind === 'transient' && !args.lastRun) {
    // stays 'sending': the next run starts again with this transport
    state.transient = { retryAfterMs: Math.max(state.transient?.retryAfterMs ?? 0, retryAfterMs ?? 0) || undefined }
    return 'transient'
  }
  return 'next'
}
