// The delivery engine: one run over a batch of messages (one message is a batch of one). Each message is
// taken with a lease, passes its type's policy — organization blacklist → recipient blacklist →
// preferences → throttle — then tries the channels in order, each channel's transports in order, never
// sending to an address (a user's phone or email) a recipient blacklist entry names. The database work
// is batched: one claim, the recipients' addresses in one read per channel, then the policy and quiet-hours
// rules in one read for the whole batch (the recipient blacklist for those addresses too), the
// MessageDelivery rows and the final states written together. The caller maps each result to the
// queue: a retry, a wait for someone else's lease, or nothing.
import type { KeystoneContext } from '@keystone-6/core/types'
import { retryDelay, type RetryPolicy } from '../../adapters/queue/types'
import { ACTIVE_STATUSES, type MessageStatus } from '../../schema/notifications/statuses'
import type { RegistryReader } from '../define'
import type { AddressField, AnyChannel, ChannelContext, MessageTypeDefinition, NotificationOptions, Recipient } from './contracts'
import { DeliveryRows } from './delivery-rows'
import { devOutboxStandIn } from './dev-outbox'
import { DEV_OUTBOX, retryOf } from './names'
import { loadBatchRules } from './batch-rules'
import { effectiveChannelOrder, throttledBy, type MessageRow, type NamedAddresses, type PolicySnapshot } from './policy'
import { isUrgent, quietHoursStep, type QuietHoursSnapshot } from './quiet-hours'
import { channels as channelsOf, clockOf, messageTypes, notificationOptions } from './registry'
import { sendOnChannel, type ChannelOutcome } from './send-on-channel'
import { claimMessages, endRuns, type RunEnd } from './state'
import { maskAddress, Trace } from './trace'
import { unsubscribeUrl } from './unsubscribe-link'
import { createShortUnsubscribeUrl } from './unsubscribe-short-link'

export type RunRequest = {
  messageId: string
  /** This run's number for the message: 1 = first, 2 = first retry... */
  run: number
  /** The retry policy to apply; by default the message type's. */
  retry?: RetryPolicy
}

export type RunResult = { messageId: string } & (
  | { kind: 'done'; status: MessageStatus }
  /** Not ours to run: already final (its status), or gone ('missing'). */
  | { kind: 'skipped'; status: string }
  /** Another run holds a live lease on it: try again after waitMs (unless this was the last run). */
  | { kind: 'held'; waitMs: number; generation: number; type: string; lastRun: boolean }
  /** Given back for another run in delayMs; retryAfter when a provider set the delay. */
  | { kind: 'retry'; delayMs: number; retryAfter: boolean; generation: number; type: string }
  /** Inside the recipient's quiet hours: due again at `until` (in delayMs); this run does not count. */
  | { kind: 'deferred'; until: Date; delayMs: number; generation: number; type: string }
  /** A bug or the database failed this message's run: given back for a retry in delayMs, or ended in error (delayMs null). */
  | { kind: 'failed'; error: unknown; delayMs: number | null; generation: number; type: string }
)

type Decision = { status: MessageStatus; sentAt?: Date } | { retry: true; retryAfterMs?: number } | { deferUntil: Date }
type Claimed = MessageRow & Record<string, any> & { generation: number }

export async function deliverBatch(requests: readonly RunRequest[], scope: { context: KeystoneContext<any>; registry: RegistryReader }): Promise<RunResult[]> {
  const { context, registry } = scope
  const prisma = context.prisma as any
  const options = notificationOptions(registry)
  const types = messageTypes(registry)
  const ids = requests.map(request => request.messageId)
  const requestOf = new Map(requests.map(request => [request.messageId, request]))
  const claimed = (await claimMessages(prisma, ids, options.leaseMs, { pooled: true })) as Claimed[]
  const results: RunResult[] = await unclaimedResults(prisma, ids, new Set(claimed.map(m => m.id)), requestOf, types)
  if (!claimed.length) return results

  // PostgreSQL's claim says which messages no run has left a row for: their rows need no read
  const rows = new DeliveryRows(prisma, new Set(claimed.filter(message => message.hasDeliveries === false).map(message => message.id)))
  let runs: { end: RunEnd; result: RunResult }[] = []
  try {
    // the addresses first: the recipient blacklist is read for the phones and emails among them
    const addresses = askAddresses(claimed, types, { context, registry, options })
    const { policy, quiet } = await loadBatchRules(
      prisma,
      claimed.filter(message => !types.get(message.type)?.critical),
      claimed.filter(message => !isUrgent(types.get(message.type))),
      namedAddresses(addresses)
    )
    const now = clockOf(registry).now()
    runs = await Promise.all(
      claimed.map(message => runOne(message, types.get(message.type), requestOf.get(message.id)!, { context, registry, options, policy, quiet, now, rows, addresses }))
    )
    await endRuns(prisma, runs.map(run => run.end), rows)
    return [...results, ...runs.map(run => run.result)]
  } catch (error) {
    // the database or a bug, for the whole batch: give the messages back (best effort) with what was
    // sent so far (the runs' trace entries and rows) and the error on their trace, and let the caller retry
    const traceOf = new Map(runs.map(run => [run.end.id, run.end.trace]))
    const ends = claimed.map(message => {
      const trace = new Trace(traceOf.get(message.id) ?? message.trace, requestOf.get(message.id)!.run)
      trace.add({ outcome: 'error', error: `the delivery run failed: ${lastLine(error)}` })
      return { id: message.id, retryInMs: 0, trace: trace.entries }
    })
    await endRuns(prisma, ends, rows).catch(() => {})
    throw error
  }
}

/** An error's explanation in one line: Prisma's messages start with the call site and end with the cause. */
function lastLine(error: unknown) {
  return String((error as Error)?.message ?? error).trim().split('\n').filter(line => line.trim()).at(-1) ?? ''
}

/** Why the messages we could not claim were not ours: final already, gone, or held by another run. */
async function unclaimedResults(
  prisma: any,
  ids: string[],
  claimed: Set<string>,
  requestOf: Map<string, RunRequest>,
  types: Map<string, MessageTypeDefinition>
) {
  const others = ids.filter(id => !claimed.has(id))
  if (!others.length) return []
  const rows: { id: string; type: string; status: string; leaseUntil: Date | null; generation: number }[] = await prisma.message.findMany({
    where: { id: { in: others } },
    select: { id: true, type: true, status: true, leaseUntil: true, generation: true },
  })
  const byId = new Map(rows.map(row => [row.id, row]))
  return others.map((id): RunResult => {
    const row = byId.get(id)
    if (!row || !(ACTIVE_STATUSES as readonly string[]).includes(row.status)) return { messageId: id, kind: 'skipped', status: row ? row.status : 'missing' }
    // a stalled job taken over, or a sweeper re-enqueue: wait for that run's lease
    const { lastRun } = runPolicy(requestOf.get(id)!, types.get(row.type))
    const waitMs = Math.max(250, (row.leaseUntil?.getTime() ?? Date.now()) - Date.now() + 50)
    return { messageId: id, kind: 'held', waitMs, generation: row.generation, type: row.type, lastRun }
  })
}

/** The retry policy a run applies (the request's, else its type's) and whether this run is its last. */
function runPolicy(request: RunRequest, type: MessageTypeDefinition | undefined) {
  const retry = request.retry ?? retryOf(type)
  return { retry, lastRun: request.run >= retry.attempts }
}

async function runOne(
  message: Claimed,
  type: MessageTypeDefinition | undefined,
  request: RunRequest,
  scope: Omit<RunScope, 'lastRun'>
): Promise<{ end: RunEnd; result: RunResult }> {
  const { retry, lastRun } = runPolicy(request, type)
  const trace = new Trace(message.trace, request.run)
  const secret = !!message.isSecret
  const base = { messageId: message.id, generation: message.generation, type: message.type }
  try {
    const decision = type ? await decide(message, type, trace, { ...scope, lastRun }) : unknownType(message.type, trace)
    if ('deferUntil' in decision) {
      const delayMs = Math.max(0, decision.deferUntil.getTime() - scope.now.getTime())
      return {
        end: { id: message.id, retryInMs: delayMs, dueAt: decision.deferUntil, trace: trace.entries },
        result: { ...base, kind: 'deferred', until: decision.deferUntil, delayMs },
      }
    }
    if ('retry' in decision) {
      const delayMs = decision.retryAfterMs ?? retryDelay(retry, request.run, new Error('transient')) ?? 0
      trace.add({ outcome: 'retry', error: `retrying in ${delayMs} ms`, ...(decision.retryAfterMs ? { retryAfterMs: decision.retryAfterMs } : {}) })
      return { end: { id: message.id, retryInMs: delayMs, trace: trace.entries }, result: { ...base, kind: 'retry', delayMs, retryAfter: !!decision.retryAfterMs } }
    }
    return {
      end: { id: message.id, status: decision.status, trace: trace.entries, sentAt: decision.sentAt, secret },
      result: { messageId: message.id, kind: 'done', status: decision.status },
    }
  } catch (error) {
    // a bug or the database, for this message: give it back so the retry (or the sweeper) can take it
    trace.add({ outcome: 'error', error: (error as Error)?.message ?? String(error) })
    const delayMs = lastRun ? null : (retryDelay(retry, request.run, error) ?? 0)
    const end: RunEnd = delayMs === null ? { id: message.id, status: 'error', trace: trace.entries, secret } : { id: message.id, retryInMs: delayMs, trace: trace.entries }
    return { end, result: { ...base, kind: 'failed', error, delayMs } }
  }
}

function unknownType(type: string, trace: Trace): Decision {
  trace.add({ outcome: 'error', error: `message type ${type} is not registered (was its plugin removed?)` })
  return { status: 'error' }
}

type RunScope = {
  context: KeystoneContext<any>
  registry: RegistryReader
  options: NotificationOptions
  policy: PolicySnapshot
  quiet: QuietHoursSnapshot
  /** The run's time (the registry's clock): quiet hours are decided by it. */
  now: Date
  rows: DeliveryRows
  /** Each message's addresses per channel, asked for the whole batch at once (see askAddresses). */
  addresses: Map<string, Asked>
  lastRun: boolean
}

const addressKey = (messageId: string, channel: string) => `${messageId}\u0000${channel}`
/** A message's addresses on one channel; `field` when a recipient blacklist entry may name them (non-critical types only). */
type Asked = { addresses: Promise<readonly unknown[]>; field?: AddressField }
const recipientOf = (message: MessageRow): Recipient => ({ userId: message.userId, phone: message.phone, email: message.email, organizationId: message.organizationId })

/**
 * Every message's addresses on every channel of its type, asked in one turn: channels that batch their
 * reads by turn (the real ones do) then read each table once for the batch, instead of once per group of
 * messages that happen to reach that channel together. A channel the run never tries was read for nothing
 * (one query per batch at most); a failure surfaces only where the addresses are used.
 */
function askAddresses(messages: readonly Claimed[], types: Map<string, MessageTypeDefinition>, scope: Pick<RunScope, 'context' | 'registry' | 'options'>) {
  const ctx: ChannelContext = { context: scope.context }
  const asked = new Map<string, Asked>()
  for (const message of messages) {
    const type = types.get(message.type)
    for (const name of type?.channels ?? []) {
      const { channel } = planChannel(name, scope, ctx)
      if (!channel) continue
      const addresses = channel.resolveAddresses(recipientOf(message), ctx)
      addresses.catch(() => {})
      asked.set(addressKey(message.id, name), { addresses, field: type?.critical ? undefined : channel.addressField })
    }
  }
  return asked
}

/** The phones and emails among the asked addresses, for the recipient blacklist (loadBatchRules). */
async function namedAddresses(asked: Map<string, Asked>): Promise<NamedAddresses> {
  const named = { phone: new Set<string>(), email: new Set<string>() }
  await Promise.all(
    [...asked.values()].map(async ({ addresses, field }) => {
      if (!field) return
      // a failed read surfaces where the addresses are used (tryChannel), not here
      for (const address of await addresses.catch(() => [])) if (typeof address === 'string') named[field].add(address)
    })
  )
  return { phone: [...named.phone], email: [...named.email] }
}

async function decide(message: MessageRow & Record<string, any>, type: MessageTypeDefinition, trace: Trace, scope: RunScope): Promise<Decision> {
  const prisma = scope.context.prisma
  // critical types ignore preferences and are never blacklisted
  const { policy } = scope
  const blacklisted = type.critical ? null : (policy.organizationBlacklisted(message) ?? policy.recipientBlacklisted(message))
  const preferences = type.critical || type.overridesPreferences ? undefined : policy.preferencesFor(message)
  if (blacklisted) {
    trace.add({ outcome: 'blacklisted', error: blacklisted })
    return { status: 'blacklisted' }
  }
  const ctx: ChannelContext = { context: scope.context }
  const order = effectiveChannelOrder(type, type.overridesPreferences || type.critical ? undefined : (preferences?.channelOrder ?? policy.organizationChannelOrder(message)))
  const plan = order.map(name => planChannel(name, scope, ctx))

  // the recipient's choice, whether or not a channel is available right now
  if (preferences && plan.every(step => !preferences.allows(step.channel?.preferenceKey ?? step.name))) {
    trace.add({ outcome: 'disabledByUser', error: `the recipient turned off ${type.type} on ${order.join(', ')}` })
    return { status: 'disabledByUser' }
  }
  const quiet = quietHoursStep(message, type, scope.quiet, scope.now, trace)
  if (quiet) return quiet
  const throttled = await throttledBy(prisma, message, type.throttleMs)
  if (throttled) {
    trace.add({ outcome: 'throttled', error: throttled })
    return { status: 'throttled' }
  }

  const recipient = recipientOf(message)
  const strategy = type.strategy ?? 'first'
  let sentAt: Date | undefined
  let retry: { retryAfterMs?: number } | undefined
  const stoppedOn: string[] = []
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
    if (outcome.kind === 'blacklisted') stoppedOn.push(channel.name)
    // 'first': done once a channel sent, and a channel that will be retried holds the later ones back
    if (strategy === 'first' && outcome.kind !== 'failed' && outcome.kind !== 'blacklisted') break
  }
  if (retry) return { retry: true, retryAfterMs: retry.retryAfterMs }
  if (sentAt) return { status: 'sent', sentAt }
  if (stoppedOn.length) {
    trace.add({ outcome: 'blacklisted', error: `no channel delivered the message; a recipient blacklist stopped it on ${stoppedOn.join(', ')}` })
    return { status: 'blacklisted' }
  }
  trace.add({ outcome: 'error', error: 'no channel delivered the message (see the entries above)' })
  return { status: 'error' }
}

type Step = { name: string; channel?: AnyChannel; why?: string }

/**
 * Which channel object serves `name`: the registered channel when it has a transport; with nothing
 * configured anywhere (the embedded default, devOutbox 'auto') a dev outbox stand-in for it; else skipped.
 */
function planChannel(name: string, scope: Pick<RunScope, 'registry' | 'options'>, ctx: ChannelContext): Step {
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
): Promise<ChannelOutcome | { kind: 'blacklisted' }> {
  // every channel of the type was asked (askAddresses): the recipient blacklist was read for those addresses only
  const asked = scope.addresses.get(addressKey(message.id, channel.name))
  if (!asked) throw new Error(`the addresses of ${message.id} on ${channel.name} were not asked for with the batch`)
  const resolved = await asked.addresses
  if (!resolved.length) {
    trace.add({ outcome: 'skipped', channel: channel.name, error: 'the recipient has no address on this channel' })
    return { kind: 'failed' }
  }
  const addresses = asked.field ? openAddresses(resolved, asked.field, channel, message, trace, scope.policy) : resolved
  if (!addresses.length) return { kind: 'blacklisted' }
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
    rows: scope.rows,
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

/** The addresses no recipient blacklist entry names; each one an entry names is traced (masked) with the entry's reason. */
function openAddresses(addresses: readonly unknown[], field: AddressField, channel: AnyChannel, message: MessageRow, trace: Trace, policy: PolicySnapshot) {
  return addresses.filter(address => {
    const stopped = typeof address === 'string' ? policy.addressBlacklisted(message, field, address) : null
    if (stopped) trace.add({ outcome: 'blacklisted', channel: channel.name, address: channel.describeAddress ? channel.describeAddress(address) : maskAddress(address), error: stopped })
    return !stopped
  })
}
