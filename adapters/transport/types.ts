// The transport contract: one provider, one file. Channels (plugins) choose addresses and render;
// a transport only delivers and classifies what went wrong.

/** What each channel hands its transports, already rendered for the recipient's locale. */
export type SmsContent = { text: string }
export type EmailContent = { subject: string; html: string; text: string; headers?: Record<string, string> }
export type PushContent = { title: string; body: string; data?: Record<string, string>; deepLink?: string }
export type TelegramContent = { text: string }

export type SendOptions = {
  /** Stable per (message, channel, address): providers that support it deduplicate retries. */
  idempotencyKey: string
}

export type SendResult = { providerMessageId: string }

/** One address's outcome in a batch send. */
export type BatchResult = { address: string } & ({ ok: true; providerMessageId: string } | { ok: false; error: TransportError })

export interface Transport<Content = unknown, Address = string> {
  /** Unique name, recorded in the delivery trace (e.g. 'twilio', 'fcm'). */
  readonly name: string
  send(address: Address, content: Content, options: SendOptions): Promise<SendResult>
  /** Optional: providers with a batch API (FCM: up to 500 tokens). Never throws for one bad address. */
  sendBatch?(addresses: readonly Address[], content: Content, options: SendOptions): Promise<BatchResult[]>
  /** Closes long-lived connections (APNs HTTP/2, SMTP pools). */
  close?(): Promise<void>
}

export type TransportErrorKind = 'transient' | 'permanent' | 'invalid-address'

/** Base of the three classified errors; `providerCode` keeps the provider's own code for the trace. */
export abstract class TransportError extends Error {
  abstract readonly kind: TransportErrorKind
  constructor(
    message: string,
    readonly providerCode?: string | number
  ) {
    super(message)
  }
}

/** Worth retrying later (timeouts, 5xx, rate limits); `retryAfterMs` when the provider said when. */
export class TransientTransportError extends TransportError {
  readonly kind = 'transient'
  name = 'TransientTransportError'
  constructor(
    message: string,
    providerCode?: string | number,
    readonly retryAfterMs?: number
  ) {
    super(message, providerCode)
  }
}

/** Will not work with this provider: stop, try the next transport or channel. */
export class PermanentTransportError extends TransportError {
  readonly kind = 'permanent'
  name = 'PermanentTransportError'
}

/** The address itself is dead (unregistered push token, blocked bot): stop and prune it. */
export class InvalidAddressError extends TransportError {
  readonly kind = 'invalid-address'
  name = 'InvalidAddressError'
}

/** Anything a transport throws that is not classified is treated as transient. */
export function classify(error: unknown): TransportError {
  if (error instanceof TransportError) return error
  return new TransientTransportError(String((error as Error)?.message ?? error).split('\n')[0])
}
