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

export async function sendOnChannel(args: Args): Promise<ChannelOutcome> {
  const { prisma, channel, transports, trace } = args
  let sentAt: Date | undefined
  let transient: { retryAfterMs?: number } | undefined

  for (const address of args.addresses) {
    const key = idempotencyKey(args.messageId, channel.name, address)
    const hint = channel.describeAddress ? channel.describeAddress(address) : maskAddress(address)
    const existing = await openRow(prisma, { messageId: args.messageId, channel: channel.name, idempotencyKey: key, addressHint: hint, transport: transports[0].name })
    if (existing?.status === 'sent') {
      sentAt ??= existing.sentAt ?? new Date() // an earlier run sent it: never again
      continue
    }
    if (existing && existing.status !== 'sending') continue // failed or invalid for good
    // a 'sending' row from an earlier run may have reached its provider: resume with that transport
    const start = existing ? Math.max(0, transports.findIndex(t => t.name === existing.transport)) : 0
    let attempts = existing?.attempts ?? 1
    let outcome: 'sent' | 'failed' | 'invalid' | 'transient' = 'failed'

    for (let i = start; i < transports.length; i++) {
      const transport = transports[i]
      if (existing || i > start) {
        attempts++
        await prisma.messageDelivery.update({ where: { idempotencyKey: key }, data: { transport: transport.name, attempts, status: 'sending' } })
      }
      try {
        const result = await transport.send(address, args.content, { idempotencyKey: key })
        const at = new Date()
        await prisma.messageDelivery.update({
          where: { idempotencyKey: key },
          data: { status: 'sent', providerMessageId: String(result.providerMessageId ?? ''), sentAt: at, error: '' },
        })
        trace.add({ outcome: 'sent', channel: channel.name, transport: transport.name, address: hint, providerMessageId: String(result.providerMessageId ?? '') })
        sentAt ??= at
        outcome = 'sent'
        break
      } catch (thrown) {
        const error = classify(thrown)
        const message = error.providerCode !== undefined ? `${error.message} (${error.providerCode})` : error.message
        if (error.kind === 'invalid-address') {
          trace.add({ outcome: 'invalidAddress', channel: channel.name, transport: transport.name, address: hint, error: message })
          await prisma.messageDelivery.update({ where: { idempotencyKey: key }, data: { status: 'invalidAddress', error: message } })
          await channel.pruneAddress?.(address, args.recipient, args.ctx)
          outcome = 'invalid'
          break
        }
        const retryAfterMs = error.kind === 'transient' ? (error as any).retryAfterMs : undefined
        trace.add({ outcome: error.kind, channel: channel.name, transport: transport.name, address: hint, error: message, ...(retryAfterMs ? { retryAfterMs } : {}) })
        await prisma.messageDelivery.update({ where: { idempotencyKey: key }, data: { error: message } })
        if (error.kind === 'transient' && !args.lastRun) {
          // stays 'sending': the next run starts again with this transport
          transient = { retryAfterMs: Math.max(transient?.retryAfterMs ?? 0, retryAfterMs ?? 0) || undefined }
          outcome = 'transient'
          break
        }
        // permanent (or transient on the last run): the next transport
      }
    }
    if (outcome === 'failed') await prisma.messageDelivery.update({ where: { idempotencyKey: key }, data: { status: 'failed' } })
  }

  if (transient) return { kind: 'transient', retryAfterMs: transient.retryAfterMs }
  if (sentAt) return { kind: 'sent', sentAt }
  return { kind: 'failed' }
}
