// Push to iOS through the Apple Push Notification service with `@parse/node-apn`: token-based
// authentication (a .p8 signing key, ES256 JWTs the SDK refreshes) over ONE long-lived HTTP/2
// provider per transport, as Apple asks (opening a connection per notification gets you throttled).
//
// Environment:
//   APNS_KEY          The .p8 key: its PEM text (`\n` escapes allowed) or a path to the file. Required.
//   APNS_KEY_ID       Key ID of that key. Required.
//   APNS_TEAM_ID      Apple developer team ID. Required.
//   APNS_TOPIC        The app's bundle id (apns-topic). Required.
//   APNS_PRODUCTION   `true` for api.push.apple.com; otherwise the sandbox (development builds). Optional.
//
// The transport is enabled when the four required variables are set. Tests pass `endpoint` in code.
import crypto from 'node:crypto'
import type apn from '@parse/node-apn'
import { envFlag, pemFromEnv, type TransportEnv } from '../transport/http-errors'
import {
  InvalidAddressError,
  PermanentTransportError,
  TransientTransportError,
  type BatchResult,
  type PushContent,
  type SendOptions,
  type SendResult,
  type Transport,
  type TransportError,
} from '../transport/types'
import type { LocalTlsEndpoint } from './local-endpoint'

export type ApnsConfig = {
  /** PEM text of the .p8 key, or a path to it. */
  key: string | Buffer
  keyId: string
  teamId: string
  /** Bundle id of the app. */
  topic: string
  production: boolean
  /** Tests only: a local HTTP/2 TLS server instead of Apple's. */
  endpoint?: LocalTlsEndpoint
  /** Retries the SDK itself makes on 429/5xx before reporting a failure (its default: 3). */
  connectionRetryLimit?: number
}

/** @parse/node-apn, loaded when a transport is made: processes that send no push never pay for it. */
const sdk = (): typeof apn => require('@parse/node-apn')

// Reasons that say this device token will never work for this app (Apple's "Handling notification responses").
const DEAD_TOKEN_REASONS = new Set(['Unregistered', 'BadDeviceToken', 'DeviceTokenNotForTopic'])

export class ApnsPushTransport implements Transport<PushContent> {
  readonly name = 'apns'
  private readonly provider: apn.Provider

  constructor(private readonly config: ApnsConfig) {
    this.provider = new (sdk().Provider)({
      token: { key: config.key, keyId: config.keyId, teamId: config.teamId },
      production: config.production,
      ...(config.connectionRetryLimit !== undefined ? { connectionRetryLimit: config.connectionRetryLimit } : {}),
      ...(config.endpoint ? { address: config.endpoint.host, port: config.endpoint.port, ca: [config.endpoint.ca] } : {}),
    })
  }

  async send(token: string, content: PushContent, options: SendOptions): Promise<SendResult> {
    const [result] = await this.sendBatch([token], content, options)
    if (!result.ok) throw result.error
    return { providerMessageId: result.providerMessageId }
  }

  /** One request per token, all multiplexed on the provider's single HTTP/2 connection. */
  async sendBatch(tokens: readonly string[], content: PushContent, options: SendOptions): Promise<BatchResult[]> {
    return Promise.all(
      tokens.map(async (address): Promise<BatchResult> => {
        // apns-id must be a UUID: derive it from (idempotency key, token) so a retry carries the same id.
        const notification = this.notification(content, uuidFrom(`${options.idempotencyKey}\n${address}`))
        const { sent, failed } = await this.provider.send(notification, address)
        if (failed.length) return { address, ok: false, error: classifyApnsFailure(failed[0]) }
        return { address, ok: true, providerMessageId: (sent[0] as { 'apns-id'?: string })?.['apns-id'] ?? notification.id }
      })
    )
  }

  /** Shuts the HTTP/2 connection down; the transport is unusable afterwards. */
  async close(): Promise<void> {
    await this.provider.shutdown()
  }

  private notification(content: PushContent, id: string): apn.Notification {
    const notification = new (sdk().Notification)()
    notification.topic = this.config.topic
    notification.pushType = 'alert'
    notification.alert = { title: content.title, body: content.body }
    notification.payload = { ...content.data, ...(content.deepLink ? { deepLink: content.deepLink } : {}) }
    notification.id = id
    return notification
  }
}

export function classifyApnsFailure(failure: apn.ResponseFailure): TransportError {
  const { status, response, error } = failure
  const reason = response?.reason
  const text = `APNs: ${status ?? 'no response'} ${reason ?? error?.message ?? ''}`.trim()
  if (status === 410 || (reason && DEAD_TOKEN_REASONS.has(reason))) return new InvalidAddressError(text, reason ?? status)
  if (!status || status === 429 || status >= 500) return new TransientTransportError(text, reason ?? status)
  return new PermanentTransportError(text, reason ?? status) // 403 InvalidProviderToken, 413 PayloadTooLarge, ...
}

function uuidFrom(key: string): string {
  const hex = crypto.createHash('sha256').update(key).digest('hex')
  // Version 8 (custom) UUID layout: a valid UUID that is a pure function of the key.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

export function apnsFromEnv(env: TransportEnv): ApnsPushTransport | undefined {
  const { APNS_KEY, APNS_KEY_ID, APNS_TEAM_ID, APNS_TOPIC } = env
  if (!APNS_KEY || !APNS_KEY_ID || !APNS_TEAM_ID || !APNS_TOPIC) return undefined
  return new ApnsPushTransport({
    key: pemFromEnv(APNS_KEY),
    keyId: APNS_KEY_ID,
    teamId: APNS_TEAM_ID,
    topic: APNS_TOPIC,
    production: envFlag(env.APNS_PRODUCTION),
  })
}
