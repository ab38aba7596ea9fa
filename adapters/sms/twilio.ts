// SMS through Twilio's Programmable Messaging REST API, with the official `twilio` SDK.
//
// Environment:
//   TWILIO_ACCOUNT_SID       Account SID (starts with AC). Required.
//   TWILIO_AUTH_TOKEN        Auth token; also signs the status callbacks (see twilio-webhook.ts). Required.
//   TWILIO_FROM              Sender: an E.164 number, or a Messaging Service SID (starts with MG). Required.
//   TWILIO_STATUS_CALLBACK_URL  Public URL Twilio posts delivery statuses to. Optional.
//   TWILIO_API_BASE_URL      Tests only: send the SDK's requests to this origin instead of https://api.twilio.com.
//
// The transport is enabled when the three required variables are set.
import type twilio from 'twilio'
import type TwilioRequestClient from 'twilio/lib/base/RequestClient'
import type { TransportEnv } from '../transport/http-errors'
import { isTransientStatus } from '../transport/http-errors'
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

export type TwilioConfig = {
  accountSid: string
  authToken: string
  /** E.164 sender number or a Messaging Service SID (MG...). */
  from: string
  statusCallbackUrl?: string
  /** Tests only: origin that replaces https://api.twilio.com (the SDK has no base-URL option). */
  apiBaseUrl?: string
  timeoutMs?: number
}

// Twilio error codes that say the recipient number itself cannot receive SMS from us:
// 21211 invalid 'To' number, 21614 not a mobile number, 21612 'To' not reachable via SMS,
// 21610 recipient replied STOP (unsubscribed), 21217 phone number does not appear to be valid.
const INVALID_RECIPIENT_CODES = new Set([21211, 21217, 21610, 21612, 21614])

/** The SDK, loaded when a transport is made: processes that send no SMS never pay for it (about 25 MB). */
const sdk = (): typeof twilio => require('twilio')

/** The SDK's HTTP client with every request's origin swapped for `baseUrl` (path and query kept). */
function baseUrlRequestClient(baseUrl: string, timeoutMs?: number) {
  return new (class extends sdk().RequestClient {
    override request<TData>(opts: TwilioRequestClient.RequestOptions<TData>) {
      const original = new URL(opts.uri)
      const target = new URL(original.pathname + original.search, baseUrl)
      return super.request<TData>({ ...opts, uri: target.toString() })
    }
  })({ timeout: timeoutMs })
}

export class TwilioSmsTransport implements Transport<SmsContent> {
  readonly name = 'twilio'
  private readonly client: twilio.Twilio

  constructor(private readonly config: TwilioConfig) {
    const httpClient = config.apiBaseUrl ? baseUrlRequestClient(config.apiBaseUrl, config.timeoutMs) : new (sdk().RequestClient)({ timeout: config.timeoutMs })
    this.client = sdk()(config.accountSid, config.authToken, { httpClient })
  }

  async send(to: string, content: SmsContent, _options: SendOptions): Promise<SendResult> {
    const sender = this.config.from.startsWith('MG') ? { messagingServiceSid: this.config.from } : { from: this.config.from }
    try {
      const message = await this.client.messages.create({
        to,
        body: content.text,
        ...sender,
        ...(this.config.statusCallbackUrl ? { statusCallback: this.config.statusCallbackUrl } : {}),
      })
      return { providerMessageId: message.sid }
    } catch (error) {
      throw classifyTwilioError(error)
    }
  }
}

/** RestException (and the newer RFC 9457 TwilioServiceException) carry `status` and Twilio's numeric `code`. */
export function classifyTwilioError(error: unknown): TransportError {
  const { status, code, message } = (error ?? {}) as { status?: number; code?: number; message?: string }
  const text = `Twilio: ${message ?? String(error)}`
  if (typeof status !== 'number') return new TransientTransportError(text, (error as { code?: string })?.code) // network, timeout
  const providerCode = code ?? status
  if (typeof code === 'number' && INVALID_RECIPIENT_CODES.has(code)) return new InvalidAddressError(text, providerCode)
  if (isTransientStatus(status)) return new TransientTransportError(text, providerCode)
  return new PermanentTransportError(text, providerCode)
}

export function twilioFromEnv(env: TransportEnv): TwilioSmsTransport | undefined {
  const { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM } = env
  if (!TWILIO_ACCOUNT_SID || !TWILIO_AUTH_TOKEN || !TWILIO_FROM) return undefined
  return new TwilioSmsTransport({
    accountSid: TWILIO_ACCOUNT_SID,
    authToken: TWILIO_AUTH_TOKEN,
    from: TWILIO_FROM,
    statusCallbackUrl: env.TWILIO_STATUS_CALLBACK_URL || undefined,
    apiBaseUrl: env.TWILIO_API_BASE_URL || undefined,
  })
}
