// The smallest complete SMS adapter: SMS.ru's HTTP API (https://sms.ru/api/send) with plain fetch.
// Copy it to adapters/sms/<provider>.ts and change the four marked places.
//
// Environment:
//   SMSRU_API_ID        The account's api_id. Required: without it the transport is off.
//   SMSRU_FROM          An approved sender name. Optional.
//   SMSRU_API_BASE_URL  Tests only: replaces https://sms.ru.
import { errorForStatus, type TransportEnv } from '../../adapters/transport/http-errors'
import {
  InvalidAddressError,
  PermanentTransportError,
  TransientTransportError,
  type SendOptions,
  type SendResult,
  type SmsContent,
  type Transport,
} from '../../adapters/transport/types'

type SmsRuAnswer = {
  status: 'OK' | 'ERROR'
  status_code: number
  status_text?: string
  sms?: Record<string, { status: 'OK' | 'ERROR'; status_code: number; sms_id?: string; status_text?: string }>
}

export class SmsRuTransport implements Transport<SmsContent> {
  readonly name = 'smsru' // (1) a unique name: it is recorded in the delivery trace

  constructor(private readonly config: { apiId: string; from?: string; baseUrl?: string }) {}

  async send(to: string, content: SmsContent, _options: SendOptions): Promise<SendResult> {
    // (2) speak the provider's request format
    const phone = to.replace(/^\+/, '')
    const body = new URLSearchParams({ api_id: this.config.apiId, to: phone, msg: content.text, json: '1' })
    if (this.config.from) body.set('from', this.config.from)
    let response: Response
    try {
      response = await fetch(new URL('/sms/send', this.config.baseUrl ?? 'https://sms.ru'), { method: 'POST', body })
    } catch (error) {
      throw new TransientTransportError(`SMS.ru: ${(error as Error).message}`) // network: try again later
    }
    if (!response.ok) throw errorForStatus(response.status, `SMS.ru: HTTP ${response.status}`)

    // (3) read its answer: the request's status, then this number's status
    const answer = (await response.json()) as SmsRuAnswer
    const result = answer.status === 'OK' ? answer.sms?.[phone] : answer
    if (result?.status === 'OK' && 'sms_id' in result && result.sms_id) return { providerMessageId: result.sms_id }

    // (4) classify failures: which are worth retrying, which mean the number itself is unusable
    const code = result?.status_code ?? answer.status_code
    const message = `SMS.ru: ${code} ${result?.status_text ?? answer.status_text ?? ''}`.trim()
    if (code === 202 || code === 207) throw new InvalidAddressError(message, code) // bad number, cannot send to it
    if (code === 220 || (code >= 230 && code <= 233)) throw new TransientTransportError(message, code) // busy, rate limits
    throw new PermanentTransportError(message, code) // wrong api_id, no balance, sender not approved...
  }
}

export function smsRuFromEnv(env: TransportEnv): SmsRuTransport | undefined {
  if (!env.SMSRU_API_ID) return undefined
  return new SmsRuTransport({ apiId: env.SMSRU_API_ID, from: env.SMSRU_FROM || undefined, baseUrl: env.SMSRU_API_BASE_URL || undefined })
}
