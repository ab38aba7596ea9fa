// Twilio's delivery status callback: a form POST to the StatusCallback URL, signed with the account's
// auth token in X-Twilio-Signature. The signature is checked with Twilio's own `validateRequest`
// (HMAC-SHA1 over the full URL plus the sorted form parameters); the route that receives the POST
// belongs to the SMS channel plugin and hands this function the raw pieces.
import type twilio from 'twilio'

/** MessageStatus values Twilio reports for outbound messages. */
export type TwilioMessageStatus =
  | 'accepted' | 'scheduled' | 'canceled' | 'queued' | 'sending' | 'sent'
  | 'delivered' | 'undelivered' | 'failed' | 'read' | 'receiving' | 'received'

export type TwilioStatusCallback = {
  messageSid: string
  status: TwilioMessageStatus
  /** Twilio's error code when the carrier reported a failure (ErrorCode), e.g. 30003 unreachable handset. */
  errorCode?: number
  to?: string
}

export type TwilioStatusCallbackResult = { valid: false; reason: string } | ({ valid: true } & TwilioStatusCallback)

export type TwilioStatusCallbackRequest = {
  authToken: string
  /** The exact URL configured as StatusCallback, including scheme, host, path and query string. */
  url: string
  /** The X-Twilio-Signature header. */
  signature: string | undefined
  /** The parsed application/x-www-form-urlencoded body. */
  params: Record<string, string>
}

export function parseTwilioStatusCallback(request: TwilioStatusCallbackRequest): TwilioStatusCallbackResult {
  const { authToken, url, signature, params } = request
  if (!signature) return { valid: false, reason: 'missing X-Twilio-Signature header' }
  // the SDK is loaded on the first callback, not by every process that imports the SMS plugin
  if (!(require('twilio') as typeof twilio).validateRequest(authToken, signature, url, params)) return { valid: false, reason: 'signature does not match' }
  const { MessageSid, MessageStatus, ErrorCode, To } = params
  if (!MessageSid || !MessageStatus) return { valid: false, reason: 'MessageSid or MessageStatus missing' }
  return {
    valid: true,
    messageSid: MessageSid,
    status: MessageStatus as TwilioMessageStatus,
    ...(ErrorCode ? { errorCode: Number(ErrorCode) } : {}),
    ...(To ? { to: To } : {}),
  }
}

/** Statuses after which nothing more will happen to the message. */
export function isFinalTwilioStatus(status: TwilioMessageStatus): boolean {
  return ['delivered', 'undelivered', 'failed', 'canceled', 'read'].includes(status)
}
