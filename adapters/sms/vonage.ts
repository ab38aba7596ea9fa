// SMS through the Vonage (formerly Nexmo) SMS API, spoken with plain fetch: one provider, one file.
// https://developer.vonage.com/en/api/sms — POST {base}/sms/json, form-encoded, credentials in the body.
// The answer is HTTP 200 even when the message is refused: each part in `messages[]` has its own
// `status` ("0" = accepted) and `error-text`.
//
// Environment:
//   VONAGE_API_KEY        API key. Required.
//   VONAGE_API_SECRET     API secret. Required.
//   VONAGE_FROM           Sender: a number (digits) or an alphanumeric sender id where the country allows it. Required.
//   VONAGE_API_BASE_URL   Tests only: replaces https://rest.nexmo.com.
//
// The transport is enabled when the three required variables are set.
import { errorForStatus, parseRetryAfter, type TransportEnv } from '../transport/http-errors'
import {
  InvalidAddressError,
  PermanentTransportError,
  TransientTransportError,
  type SendOptions,
  type SendResult,
  type SmsContent,
  type Transport,
  type TransportError,
} from '../transport/types'
import { countSegments } from './segments'

export const VONAGE_DEFAULT_BASE_URL = 'https://rest.nexmo.com'

export type VonageConfig = {
  apiKey: string
  apiSecret: string
  from: string
  baseUrl?: string
  timeoutMs?: number
}

type VonagePart = { status: string; 'message-id'?: string; 'error-text'?: string; to?: string }
type VonageResponse = { 'message-count': string; messages: VonagePart[] }

// Vonage SMS API status codes (https://developer.vonage.com/en/messaging/sms/guides/troubleshooting-sms).
const TRANSIENT_STATUSES = new Set(['1', '5', '10']) // throttled, internal error, too many existing binds
const INVALID_RECIPIENT_STATUSES = new Set(['7', '33']) // number barred, number de-activated

export class VonageSmsTransport implements Transport<SmsContent> {
  readonly name = 'vonage'
  private readonly endpoint: string

  constructor(private readonly config: VonageConfig) {
    this.endpoint = new URL('/sms/json', config.baseUrl ?? VONAGE_DEFAULT_BASE_URL).toString()
  }

  async send(to: string, content: SmsContent, options: SendOptions): Promise<SendResult> {
    const body = new URLSearchParams({
      api_key: this.config.apiKey,
      api_secret: this.config.apiSecret,
      from: this.config.from,
      to: to.replace(/^\+/, ''), // Vonage wants the E.164 digits without the plus
      text: content.text,
      // Without type=unicode Vonage transcodes to GSM-7 and mangles Cyrillic and emoji.
      type: countSegments(content.text).encoding === 'UCS-2' ? 'unicode' : 'text',
      'client-ref': options.idempotencyKey.slice(0, 100), // echoed in delivery receipts; 100 chars max
    })
    let response: Response
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 15_000),
      })
    } catch (error) {
      throw new TransientTransportError(`Vonage: ${(error as Error).message}`, (error as { code?: string }).code)
    }
    if (!response.ok) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'))
      throw errorForStatus(response.status, `Vonage: HTTP ${response.status} ${await safeText(response)}`, response.status, retryAfterMs)
    }
    const result = (await response.json()) as VonageResponse
    const failed = result.messages.find(part => part.status !== '0')
    if (failed) throw classifyVonageStatus(failed)
    // A long text goes out as several parts, each with its own id; the first identifies the message.
    return { providerMessageId: result.messages[0]?.['message-id'] ?? '' }
  }
}

export function classifyVonageStatus(part: VonagePart): TransportError {
  const message = `Vonage: status ${part.status}: ${part['error-text'] ?? 'unknown error'}`
  if (TRANSIENT_STATUSES.has(part.status)) return new TransientTransportError(message, part.status)
  if (INVALID_RECIPIENT_STATUSES.has(part.status)) return new InvalidAddressError(message, part.status)
  return new PermanentTransportError(message, part.status)
}

async function safeText(response: Response): Promise<string> {
  return (await response.text().catch(() => '')).slice(0, 200)
}

export function vonageFromEnv(env: TransportEnv): VonageSmsTransport | undefined {
  const { VONAGE_API_KEY, VONAGE_API_SECRET, VONAGE_FROM } = env
  if (!VONAGE_API_KEY || !VONAGE_API_SECRET || !VONAGE_FROM) return undefined
  return new VonageSmsTransport({
    apiKey: VONAGE_API_KEY,
    apiSecret: VONAGE_API_SECRET,
    from: VONAGE_FROM,
    baseUrl: env.VONAGE_API_BASE_URL || undefined,
  })
}
