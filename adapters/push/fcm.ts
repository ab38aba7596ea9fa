// Push to Android (and any FCM-registered device) through Firebase Cloud Messaging's HTTP v1 API,
// with the official `firebase-admin` SDK. Batches use `sendEachForMulticast` (HTTP/2, up to 500 tokens
// per call); a single send uses `send`.
//
// Environment:
//   FCM_PROJECT_ID     Firebase project id. Required.
//   FCM_CLIENT_EMAIL   Service account e-mail (client_email in the JSON key). Required.
//   FCM_PRIVATE_KEY    Service account private key (private_key in the JSON key; `\n` escapes allowed). Required.
//
// The transport is enabled when the three are set. Tests pass `credential` (a fixed access token) and
// `endpoint` (a local HTTP/2 TLS server) in code instead.
import type { App, Credential } from 'firebase-admin/app'
import type { Messaging, MulticastMessage, TokenMessage } from 'firebase-admin/messaging'
import { pemFromEnv, type TransportEnv } from '../transport/http-errors'
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
import { localAgent, withHttp2Redirect, type LocalTlsEndpoint } from './local-endpoint'

export const FCM_MAX_BATCH = 500
const FCM_ORIGIN = 'https://fcm.googleapis.com'

export type FcmConfig = {
  projectId: string
  /** A service account (production) or any firebase-admin Credential (tests: a fixed access token). */
  credential: { clientEmail: string; privateKey: string } | Credential
  /** Tests only: the local TLS server that stands in for fcm.googleapis.com. */
  endpoint?: LocalTlsEndpoint
}

/** firebase-admin, loaded when a transport is made: processes that send no push never pay for it. */
const app = (): typeof import('firebase-admin/app') => require('firebase-admin/app')

// firebase-admin's error codes (FirebaseMessagingError.code) grouped by what they mean for us.
const TRANSIENT_CODES = new Set([
  'messaging/message-rate-exceeded', // 429 QUOTA_EXCEEDED
  'messaging/device-message-rate-exceeded',
  'messaging/topics-message-rate-exceeded',
  'messaging/server-unavailable', // 503 UNAVAILABLE
  'messaging/internal-error', // 500 INTERNAL
  'app/network-error',
  'app/network-timeout',
])
const DEAD_TOKEN_CODES = new Set(['messaging/registration-token-not-registered', 'messaging/invalid-registration-token'])

let appCounter = 0

export class FcmPushTransport implements Transport<PushContent> {
  readonly name = 'fcm'
  private readonly app: App
  private readonly messaging: Messaging

  constructor(private readonly config: FcmConfig) {
    const credential = 'getAccessToken' in config.credential ? config.credential : app().cert({ projectId: config.projectId, ...config.credential })
    this.app = app().initializeApp(
      { projectId: config.projectId, credential, ...(config.endpoint ? { httpAgent: localAgent(config.endpoint) } : {}) },
      `fcm-transport-${++appCounter}-${config.projectId}` // one app per transport: several may coexist
    )
    this.messaging = (require('firebase-admin/messaging') as typeof import('firebase-admin/messaging')).getMessaging(this.app)
  }

  async send(token: string, content: PushContent, _options: SendOptions): Promise<SendResult> {
    const message: TokenMessage = { token, ...payload(content) }
    try {
      return { providerMessageId: await this.messaging.send(message) }
    } catch (error) {
      throw classifyFcmError(error)
    }
  }

  /** Splits into calls of at most 500 tokens; one dead token never fails the others. */
  async sendBatch(tokens: readonly string[], content: PushContent, _options: SendOptions): Promise<BatchResult[]> {
    const results: BatchResult[] = []
    for (let start = 0; start < tokens.length; start += FCM_MAX_BATCH) {
      const chunk = tokens.slice(start, start + FCM_MAX_BATCH)
      results.push(...(await this.sendChunk(chunk, content)))
    }
    return results
  }

  async close(): Promise<void> {
    await app().deleteApp(this.app)
  }

  private async sendChunk(tokens: string[], content: PushContent): Promise<BatchResult[]> {
    const message: MulticastMessage = { tokens, ...payload(content) }
    try {
      const call = () => this.messaging.sendEachForMulticast(message)
      const batch = await (this.config.endpoint ? withHttp2Redirect(FCM_ORIGIN, this.config.endpoint, call) : call())
      return batch.responses.map((response, i): BatchResult =>
        response.success
          ? { address: tokens[i], ok: true, providerMessageId: response.messageId! }
          : { address: tokens[i], ok: false, error: classifyFcmError(response.error) }
      )
    } catch (error) {
      // The whole call failed (auth, session): every token in it shares the outcome.
      const classified = classifyFcmError(error)
      return tokens.map(address => ({ address, ok: false, error: classified }))
    }
  }
}

function payload(content: PushContent): Omit<TokenMessage, 'token'> {
  const data = { ...content.data, ...(content.deepLink ? { deepLink: content.deepLink } : {}) }
  return {
    notification: { title: content.title, body: content.body },
    ...(Object.keys(data).length ? { data } : {}),
  }
}

export function classifyFcmError(error: unknown): TransportError {
  const { code, message } = (error ?? {}) as { code?: string; message?: string }
  const text = `FCM: ${message ?? String(error)}`
  if (!code) return new TransientTransportError(text)
  if (DEAD_TOKEN_CODES.has(code)) return new InvalidAddressError(text, code)
  // INVALID_ARGUMENT covers both a malformed token and a malformed message: only the first is the address's fault.
  if (code === 'messaging/invalid-argument' && /registration token|message\.token/i.test(message ?? '')) {
    return new InvalidAddressError(text, code)
  }
  if (TRANSIENT_CODES.has(code)) return new TransientTransportError(text, code)
  if (code === 'messaging/unknown-error') {
    // A non-JSON answer (a proxy's 502, say): the SDK keeps the status only in the message.
    const status = Number(/Status code: (\d+)/.exec(message ?? '')?.[1])
    return status && status < 500 && status !== 429 ? new PermanentTransportError(text, code) : new TransientTransportError(text, code)
  }
  return new PermanentTransportError(text, code) // authentication, sender mismatch, payload errors
}

export function fcmFromEnv(env: TransportEnv): FcmPushTransport | undefined {
  const { FCM_PROJECT_ID, FCM_CLIENT_EMAIL, FCM_PRIVATE_KEY } = env
  if (!FCM_PROJECT_ID || !FCM_CLIENT_EMAIL || !FCM_PRIVATE_KEY) return undefined
  return new FcmPushTransport({
    projectId: FCM_PROJECT_ID,
    credential: { clientEmail: FCM_CLIENT_EMAIL, privateKey: pemFromEnv(FCM_PRIVATE_KEY) },
  })
}
