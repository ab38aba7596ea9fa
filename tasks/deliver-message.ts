// The delivery task: one run takes a message (a lease in the database), applies the type's policy —
// organization blacklist → recipient blacklist → preferences → throttle — then tries the channels in
// order, each channel's transports in order, and records the outcome. Transient failures end the run
// with a retry (exponential backoff, or the provider's retry-after); the last run records `error`.
import { RetryAfterError, retryDelay } from '../adapters/queue/types'
import type { MessageStatus } from '../schema/notifications/statuses'
import { defineTask, type TaskRunArgs } from './define'
import type { AnyChannel, ChannelContext, MessageTypeDefinition, NotificationOptions, Recipient } from './delivery/contracts'
import { devOutboxStandIn } from './delivery/dev-outbox'
import { DELIVER_TASK, DEV_OUTBOX, DEFAULT_RETRY, type DeliverPayload } from './delivery/names'
import { effectiveChannelOrder, organizationBlacklisted, preferencesFor, recipientBlacklisted, throttledBy, type MessageRow } from './delivery/policy'
import { channels as channelsOf, messageTypes, notificationOptions } from './delivery/registry'
import { sendOnChannel, type ChannelOutcome } from './delivery/send-on-channel'
import { claimMessage, finishMessage, releaseForRetry } from './delivery/state'
import { Trace } from './delivery/trace'
import { unsubscribeUrl } from './delivery/unsubscribe-link'
import { createShortUnsubscribeUrl } from './delivery/unsubscribe-short-link'

/** Thrown to end a run that will be retried; the queue applies the delay. */
class RetryLater extends Error {
  name = 'RetryLater'
}

type Decision = { status: MessageStatus; sentAt?: Date } | { retry: true; retryAfterMs?: number }

export const deliverMessageTask = defineTask<DeliverPayload>({
  name: DELIVER_TASK,
  retry: DEFAULT_RETRY,
  concurrency: 20,
  run: (payload, args) => deliverMessage(payload, args),
})

export async function deliverMessage(payload: DeliverPayload, { context, job, registry }: Pick<TaskRunArgs, 'context' | 'job' | 'registry'>) {
  const options = notificationOptions(registry)
  const prisma = context.prisma
  const policy = { attempts: payload.attempts ?? DEFAULT_RETRY.attempts, backoffMs: payload.backoffMs ?? DEFAULT_RETRY.backoffMs }
  const lastRun = job.attempt >= policy.attempts

  const message = await claimMessage(prisma, payload.messageId, options.leaseMs)
  if (!message) {
    const current = await prisma.message.findUnique({ where: { id: payload.messageId }, select: { status: true, leaseUntil: true } })
    if (!current || !['sending', 'processing'].includes(current.status)) return { skipped: current ? current.status : 'missing' }
    // another run holds it (a stalled job taken over, a sweeper re-enqueue): wait for its lease
    if (lastRun) return { skipped: 'leased' } // if that run died, the sweeper re-enqueues it
    const wait = Math.max(250, (current.leaseUntil?.getTime() ?? Date.now()) - Date.now() + 50)
    throw new RetryAfterError(`message ${payload.messageId} is held by another delivery run`, wait)
  }

  const trace = new Trace(message.trace, job.attempt)
  const type = messageTypes(registry).get(message.type)
  try {
    const decision = type ? await decide(message, type, trace, { context, registry, options, lastRun }) : unknownType(message.type, trace)
    if ('retry' in decision) {
      const delay = decision.retryAfterMs ?? retryDelay(policy, job.attempt, new Error('transient')) ?? 0
      trace.add({ outcome: 'retry', error: `retrying in ${delay} ms`, ...(decision.retryAfterMs ? { retryAfterMs: decision.retryAfterMs } : {}) })
      await releaseForRetry(prisma, message.id, trace.entries, delay)
      if (decision.retryAfterMs) throw new RetryAfterError('a transport asked to retry later', decision.retryAfterMs)
      throw new RetryLater('a transport failed transiently')
    }
    await finishMessage(prisma, message.id, decision.status, trace.entries, { secret: !!message.isSecret, sentAt: decision.sentAt })
    return { status: decision.status }
  } catch (error) {
    if (error instanceof RetryLater || error instanceof RetryAfterError) throw error
    // a bug or the database: give the message back so the retry (or the sweeper) can take it
    trace.add({ outcome: 'error', error: (error as Error)?.message ?? String(error) })
    if (lastRun) await finishMessage(prisma, message.id, 'error', trace.entries, { secret: !!message.isSecret }).catch(() => {})
    else await releaseForRetry(prisma, message.id, trace.entries, retryDelay(policy, job.attempt, error) ?? 0).catch(() => {})
    throw error
  }
}

function unknownType(type: string, trace: Trace): Decision {
  trace.add({ outcome: 'error', error: `message type ${type} is not registered (was its plugin removed?)` })
  return { status: 'error' }
}

type RunScope = {
  context: TaskRunArgs['context']
  registry: TaskRunArgs['registry']
  options: NotificationOptions
  lastRun: boolean
}

async function decide(message: MessageRow & Record<string, any>, type: MessageTypeDefinition, trace: Trace, scope: RunScope): Promise<Decision> {
  const prisma = scope.context.prisma
  // independent reads, in parallel: a run's latency is mostly database round trips
  const [organizationBlock, recipientBlock, preferences] = type.critical
    ? [null, null, undefined]
    : await Promise.all([organizationBlacklisted(prisma, message), recipientBlacklisted(prisma, message), preferencesFor(prisma, message)])
  const blacklisted = organizationBlock ?? recipientBlock
  if (blacklisted) {
    trace.add({ outcome: 'blacklisted', error: blacklisted })
    return { status: 'blacklisted' }
  }
  const ctx: ChannelContext = { context: scope.context }
  const order = effectiveChannelOrder(type, preferences?.channelOrder)
  const plan = order.map(name => planChannel(name, scope, ctx))

  // the recipient's choice, whether or not a channel is available right now
  if (preferences && plan.every(step => !preferences.allows(step.channel?.preferenceKey ?? step.name))) {
    trace.add({ outcome: 'disabledByUser', error: `the recipient turned off ${type.type} on ${order.join(', ')}` })
    return { status: 'disabledByUser' }
  }
  const throttled = await throttledBy(prisma, message, type.throttleMs)
  if (throttled) {
    trace.add({ outcome: 'throttled', error: throttled })
    return { status: 'throttled' }
  }

  const recipient: Recipient = { userId: message.userId, phone: message.phone, email: message.email, organizationId: message.organizationId }
  const strategy = type.strategy ?? 'first'
  let sentAt: Date | undefined
  let retry: { retryAfterMs?: number } | undefined
  for (const step of plan) {
    const { channel } = step
    if (!channel) {
      trace.add({ outcome: 'skipped', channel: step.name, error: step.why })
      continue
    }
    if (preferences && !preferences.allows(channel.preferenceKey)) {
      trace.add({ outcome: 'skipped', channel: channel.name, error: 'turned off by the recipient' })
      continue
    }
    const outcome = await tryChannel(channel, message, type, recipient, ctx, trace, scope)
    if (outcome.kind === 'sent') sentAt ??= outcome.sentAt
    if (outcome.kind === 'transient') retry = { retryAfterMs: Math.max(retry?.retryAfterMs ?? 0, outcome.retryAfterMs ?? 0) || undefined }
    // 'first': done once a channel sent, and a channel that will be retried holds the later ones back
    if (strategy === 'first' && outcome.kind !== 'failed') break
  }
  if (retry) return { retry: true, retryAfterMs: retry.retryAfterMs }
  if (sentAt) return { status: 'sent', sentAt }
  trace.add({ outcome: 'error', error: 'no channel delivered the message (see the entries above)' })
  return { status: 'error' }
}

type Step = { name: string; channel?: AnyChannel; why?: string }

/**
 * Which channel object serves `name`: the registered channel when it has a transport; with nothing
 * configured anywhere (the embedded default, devOutbox 'auto') a dev outbox stand-in for it; else skipped.
 */
function planChannel(name: string, scope: RunScope, ctx: ChannelContext): Step {
  const all = channelsOf(scope.registry)
  const real = all.get(name)
  if (real && real.transports(ctx).length) return { name, channel: real }
  if (scope.options.devOutbox === 'auto' && nothingConfigured(all, ctx)) {
    return { name, channel: name === DEV_OUTBOX && real ? real : devOutboxStandIn(name, real, scope.options.devOutboxRevealsSecrets) }
  }
  return { name, why: real ? 'no transport configured for this channel' : 'no such channel is installed' }
}

function nothingConfigured(all: Map<string, AnyChannel>, ctx: ChannelContext) {
  for (const channel of all.values()) if (channel.name !== DEV_OUTBOX && channel.transports(ctx).length) return false
  return true
}

async function tryChannel(
  channel: AnyChannel,
  message: MessageRow & Record<string, any>,
  type: MessageTypeDefinition,
  recipient: Recipient,
  ctx: ChannelContext,
  trace: Trace,
  scope: RunScope
): Promise<ChannelOutcome> {
  const addresses = await channel.resolveAddresses(recipient, ctx)
  if (!addresses.length) {
    trace.add({ outcome: 'skipped', channel: channel.name, error: 'the recipient has no address on this channel' })
    return { kind: 'failed' }
  }
  // outside the render's try: a database error here fails the run (retried), not the channel
  const claim = { recipientKey: message.recipientKey, messageType: type.type, channel: channel.preferenceKey }
  const link = !channel.carriesUnsubscribeLink || type.critical
    ? undefined
    : channel.shortUnsubscribeLink
      ? await createShortUnsubscribeUrl(scope.context.prisma, scope.options.unsubscribe, claim)
      : unsubscribeUrl(scope.options.unsubscribe, claim)
  let content: unknown
  try {
    content = channel.render({
      messageId: message.id,
      type,
      locale: message.locale,
      meta: (message.meta ?? {}) as Record<string, unknown>,
      unsubscribeUrl: link,
    })
  } catch (error) {
    trace.add({ outcome: 'permanent', channel: channel.name, error: `cannot render: ${(error as Error).message}` })
    return { kind: 'failed' }
  }
  return sendOnChannel({
    prisma: scope.context.prisma,
    messageId: message.id,
    channel,
    transports: channel.transports(ctx),
    addresses,
    content,
    recipient,
    ctx,
    trace,
    lastRun: scope.lastRun,
  })
}
