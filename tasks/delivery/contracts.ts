// The contracts of the notification pipeline that plugins implement and tasks consume: message types
// and channels. They live here (not in plugins/) because the delivery task reads them from the registry
// and tasks/ never imports a plugin. Transports are one level lower, in adapters/transport.
import type { KeystoneContext } from '@keystone-6/core/types'
import type { z } from 'zod'
import type { Transport } from '../../adapters/transport/types'

/** Handlebars sources of one rendering, by part name (e.g. { subject, text } or { title, body }). */
export type TemplateParts = Record<string, string>

/** Templates by channel name (or 'default', used by any channel without its own) and then by locale. */
export type MessageTemplates = Record<string, Record<string, TemplateParts>>

/** 'first': stop at the first channel that sends; 'all': send on every channel in the order. */
export type DeliveryStrategy = 'first' | 'all'

export type MessageTypeDefinition<Meta = any> = {
  /** UPPER_SNAKE_CASE, stored on the Message. */
  type: string
  /** Validates `meta` when the message is sent; the parsed value is what is stored and rendered. */
  meta: z.ZodType<Meta>
  templates: MessageTemplates
  /** Default channel order; a recipient's preferred order wins when set. */
  channels: readonly string[]
  strategy?: DeliveryStrategy
  /** At most one message of this type per recipient in this window (0 or absent: no throttle). */
  throttleMs?: number
  /** Queue priority (BullMQ semantics: 0 first, then lower numbers). */
  priority?: number
  /** Ignores user preferences and every blacklist (e.g. a phone verification); also urgent. */
  critical?: boolean
  /** Goes out at once, also inside the recipient's quiet hours (an emergency, a code). */
  urgent?: boolean
  /** Ignores the recipient's preferences (channels turned off, their order) but not the blacklists: an emergency. */
  overridesPreferences?: boolean
  /** Meta holds a secret (a verification code): never readable through the API, scrubbed once delivered. */
  secret?: boolean
  /** Staff may send it through the `sendMessage` mutation (default: true unless secret). */
  sendableByStaff?: boolean
  /** Delivery runs for transient failures (default 8) and the first backoff (default 5 s, doubling). */
  retry?: { attempts?: number; backoffMs?: number }
}

/** Identity with a type; checks what zod cannot (the name and the English templates). */
export function defineMessageType<Meta>(definition: MessageTypeDefinition<Meta>): MessageTypeDefinition<Meta> {
  if (!/^[A-Z][A-Z0-9_]*$/.test(definition.type)) throw new Error(`Message type "${definition.type}" must be UPPER_SNAKE_CASE`)
  if (!definition.channels.length) throw new Error(`Message type ${definition.type} lists no channels`)
  for (const [channel, byLocale] of Object.entries(definition.templates)) {
    if (!byLocale[DEFAULT_LOCALE]) throw new Error(`Message type ${definition.type}: templates.${channel} has no "${DEFAULT_LOCALE}" version (the fallback)`)
  }
  return definition
}

export const DEFAULT_LOCALE = 'en'

/** Who a message is for: a user, or for people without an account a phone (E.164) or an email. */
export type Recipient = {
  userId?: string | null
  phone?: string | null
  email?: string | null
  organizationId?: string | null
}

/** The fields of a recipient (and of a recipient blacklist entry) that are addresses on some channel. */
export type AddressField = 'phone' | 'email'

/** What a channel gets from the pipeline on every call. */
export type ChannelContext = {
  /** A sudo context: channels read addresses (device tokens, chat ids) and prune dead ones. */
  context: KeystoneContext<any>
}

/** What the pipeline hands a channel to render. */
export type RenderInput = {
  messageId: string
  type: MessageTypeDefinition
  locale: string
  meta: Record<string, unknown>
  /** Signed, expiring unsubscribe link (short for `shortUnsubscribeLink` channels); set for non-critical types on channels with `carriesUnsubscribeLink`. */
  unsubscribeUrl?: string
}

/**
 * One delivery medium (push, sms, email, telegram, devOutbox). Contributed by a plugin under the registry
 * key `channels`; the delivery task asks it for addresses and content and hands those to its transports.
 */
export interface Channel<Content = unknown, Address = string> {
  /** Unique; the name message types list in `channels` and the trace records. */
  readonly name: string
  /** The `channel` of NotificationUserSetting rows that apply to it (usually the name). */
  readonly preferenceKey: string
  /** Email and SMS of non-critical types must carry an unsubscribe link. */
  readonly carriesUnsubscribeLink?: boolean
  /** The link is PUBLIC_URL/u/<code> (stored, random) instead of the long signed one: SMS, where length costs segments. */
  readonly shortUnsubscribeLink?: boolean
  /** Ordered: the next transport is tried when one fails permanently. Empty: the channel is skipped. */
  transports(ctx: ChannelContext): readonly Transport<Content, Address>[]
  /**
   * A Prisma `where` on User that holds for the users this channel has an address for (a push token, a
   * linked chat, an email): how many of an audience it can reach is counted with it, before sending.
   * Absent: the channel cannot say (it is left out of such counts).
   */
  readonly reachableUsers?: Record<string, unknown>
  /**
   * The recipient field its addresses are (SMS: 'phone', email: 'email'): a recipient blacklist entry by
   * that phone or email stops sending to the address, also on a message addressed to a user who has it.
   * Absent: its addresses (device tokens, chat ids) are named by no entry.
   */
  readonly addressField?: AddressField
  /** Every address the message goes to for this recipient (all device tokens, one phone...); [] = unreachable. */
  resolveAddresses(recipient: Recipient, ctx: ChannelContext): Promise<readonly Address[]>
  /** The content for this channel and locale; throw for a type it cannot render (recorded as a permanent failure). */
  render(input: RenderInput): Content
  /** Called after an InvalidAddressError: forget the address (delete a dead push token, unlink a chat). */
  pruneAddress?(address: Address, recipient: Recipient, ctx: ChannelContext): Promise<void>
  /** A human-safe form of the address for the trace (a masked phone, a token's tail). */
  describeAddress?(address: Address): string
}

export type AnyChannel = Channel<any, any>

/** Runtime options of the pipeline, contributed once by the notifications plugin (registry key `notificationOptions`). */
export type NotificationOptions = {
  /** 'auto': when no channel has a configured transport, every message goes to the dev outbox; 'off': never. */
  devOutbox: 'auto' | 'off'
  /** Whether the dev outbox keeps the rendered text of secret types (never in production). */
  devOutboxRevealsSecrets: boolean
  unsubscribe: { secret: string; ttlMs: number; baseUrl: string }
  /** How long one delivery run may hold a message before another run may take it over. */
  leaseMs: number
  /** A message in sending/processing whose due time passed this long ago is re-enqueued by the sweeper. */
  stuckAfterMs: number
  /** How often the sweeper runs. */
  sweepEveryMs: number
  /** Messages re-enqueued per sweep run at most. */
  sweepBatch: number
}

/** The pipeline's clock (registry key `clock`): tests contribute a controllable one. */
export type Clock = { now(): Date }
