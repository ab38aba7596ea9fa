// Shared by the HTTP-speaking transports: turn a provider's status code and Retry-After header into
// the contract's classified errors, so every adapter draws the transient/permanent line the same way.
import { PermanentTransportError, TransientTransportError, type TransportError } from './types'

/** Environment as the adapters read it (process.env or a test's plain object). */
export type TransportEnv = Readonly<Record<string, string | undefined>>

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined
  const trimmed = header.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** 408, 425, 429 and 5xx are worth retrying; any other failure status will fail the same way again. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500
}

export function errorForStatus(
  status: number,
  message: string,
  providerCode: string | number = status,
  retryAfterMs?: number
): TransportError {
  return isTransientStatus(status)
    ? new TransientTransportError(message, providerCode, retryAfterMs)
    : new PermanentTransportError(message, providerCode)
}

/** Reads a boolean flag the way people write them in .env files. */
export function envFlag(value: string | undefined): boolean {
  return /^(1|true|yes|on)$/i.test(value?.trim() ?? '')
}

/** Private keys pasted into one-line env vars keep their newlines as `\n`. */
export function pemFromEnv(value: string): string {
  return value.includes('\\n') ? value.replace(/\\n/g, '\n') : value
}
