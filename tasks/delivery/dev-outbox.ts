// The dev outbox channel: what the embedded default uses instead of real providers. It records each
// rendered message in DevOutboxEntry (read-only, admins) through the DevOutboxTransport adapter.
import { isUniqueViolation } from '../../adapters/database/unique-violation'
import { DevOutboxTransport, type DevOutboxContent, type DevOutboxStore } from '../../adapters/transport/dev-outbox'
import type { AnyChannel, Channel, ChannelContext, RenderInput } from './contracts'
import { DEV_OUTBOX } from './names'
import { renderTemplates } from './templates'
import { maskAddress } from './trace'

/** DevOutboxEntry rows through Prisma; idempotent by key, like a provider that deduplicates retries. */
export function prismaDevOutboxStore(prisma: any): DevOutboxStore {
  return {
    async record(entry) {
      const data = {
        messageId: entry.messageId,
        channel: entry.channel,
        address: entry.address,
        locale: entry.locale,
        preview: entry.preview,
        content: { content: entry.content, unsubscribeUrl: entry.unsubscribeUrl ?? null } as any,
        idempotencyKey: entry.idempotencyKey,
      }
      try {
        return await prisma.devOutboxEntry.create({ data, select: { id: true } })
      } catch (error) {
        if (!isUniqueViolation(error)) throw error
        return prisma.devOutboxEntry.findUniqueOrThrow({ where: { idempotencyKey: entry.idempotencyKey }, select: { id: true } })
      }
    },
  }
}

function previewOf(content: unknown): string {
  const parts = (content ?? {}) as Record<string, unknown>
  const line = [parts.subject, parts.title, parts.text, parts.body].find(value => typeof value === 'string' && value) as string | undefined
  return (line ?? JSON.stringify(content)).replace(/\s+/g, ' ').slice(0, 120)
}

const SECRET_HIDDEN = '[hidden: secret message type]'

/** Wraps a rendering for the store; a secret type's text is kept only where the options allow it. */
export function devOutboxContent(input: RenderInput, channel: string, content: unknown, revealSecrets: boolean): DevOutboxContent {
  const shown = input.type.secret && !revealSecrets ? SECRET_HIDDEN : content
  return { messageId: input.messageId, channel, locale: input.locale, content: shown, preview: previewOf(shown), unsubscribeUrl: input.unsubscribeUrl }
}

const transportFor = (ctx: ChannelContext) => [new DevOutboxTransport(prismaDevOutboxStore(ctx.context.prisma))]

/** Address of a recipient when no channel knows better: the user id, phone or email itself. */
async function recipientAddress(recipient: { userId?: string | null; phone?: string | null; email?: string | null }) {
  const address = recipient.userId ? `user-${recipient.userId}` : recipient.phone ? `phone-${recipient.phone}` : `email-${recipient.email}`
  return [address]
}

/**
 * Stands in for the channel `name` when no provider is configured: the real channel's addresses and
 * rendering when its plugin is installed, else the type's templates for that channel (or 'default').
 */
export function devOutboxStandIn(name: string, real: AnyChannel | undefined, revealSecrets: boolean): Channel<DevOutboxContent, unknown> {
  return {
    name,
    preferenceKey: real?.preferenceKey ?? name,
    carriesUnsubscribeLink: real ? real.carriesUnsubscribeLink : true,
    shortUnsubscribeLink: real?.shortUnsubscribeLink,
    // the real channel's addresses, so the blacklist entries naming them apply as they would
    addressField: real?.addressField,
    transports: transportFor,
    resolveAddresses: (recipient, ctx) => (real ? real.resolveAddresses(recipient, ctx) : recipientAddress(recipient)),
    render: input => {
      const content = real ? real.render(input) : renderTemplates(input.type, name, input.locale, { ...input.meta, unsubscribeUrl: input.unsubscribeUrl }).parts
      return devOutboxContent(input, name, content, revealSecrets)
    },
    // masked like every other channel's: the trace is read by staff who may not read addresses
    describeAddress: address => (real?.describeAddress ? real.describeAddress(address) : maskAddress(address)),
  }
}

/** The dev outbox as a channel of its own, for types that list 'devOutbox' explicitly. */
export function devOutboxChannel(revealSecrets: boolean): Channel<DevOutboxContent, unknown> {
  return devOutboxStandIn(DEV_OUTBOX, undefined, revealSecrets)
}
