// Push to Android devices without Google services through RuStore's push service (VK Push, "RedStore"
// in our docs), spoken with plain fetch: this file is the whole integration. The API is modelled on
// FCM HTTP v1 (https://www.rustore.ru/help/en/sdk/push-notifications/send-push-notifications):
//   POST {base}/v1/projects/{projectId}/messages:send
//   Authorization: Bearer {service token}
//   { "message": { "token", "notification": { "title", "body" }, "data": {...}, "android": {...} } }
// One request per device token (there is no batch endpoint); errors come as Google-style
// `{ "error": { "code", "message", "status" } }`.
//
// Environment:
//   REDSTORE_PROJECT_ID      Push project ID from the RuStore console. Required.
//   REDSTORE_SERVICE_TOKEN   The project's service token. Required.
//   REDSTORE_API_BASE_URL    Tests only: replaces https://vkpns.rustore.ru.
//
// The transport is enabled when both required variables are set.
import { errorForStatus, parseRetryAfter, type TransportEnv } from '../transport/http-errors'
import {
  InvalidAddressError,
  TransientTransportError,
  type BatchResult,
  type PushContent,
  type SendOptions,
  type SendResult,
  type Transport,
  type TransportError,
} from '../transport/types'

export const REDSTORE_DEFAULT_BASE_URL = 'https://vkpns.rustore.ru'

export type RedstoreConfig = {
  projectId: string
  serviceToken: string
  baseUrl?: string
  timeoutMs?: number
  /** Parallel requests in sendBatch (one request per token). */
  concurrency?: number
}

type GoogleStyleError = { error?: { code?: number; message?: string; status?: string } }

export class RedstorePushTransport implements Transport<PushContent> {
  readonly name = 'redstore'
  private readonly endpoint: string

  constructor(private readonly config: RedstoreConfig) {
    const base = config.baseUrl ?? REDSTORE_DEFAULT_BASE_URL
    this.endpoint = new URL(`/v1/projects/${encodeURIComponent(config.projectId)}/messages:send`, base).toString()
  }

  async send(token: string, content: PushContent, options: SendOptions): Promise<SendResult> {
    let response: Response
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.config.serviceToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ message: redstoreMessage(token, content) }),
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 15_000),
      })
    } catch (error) {
      throw new TransientTransportError(`RedStore: ${(error as Error).message}`, (error as { code?: string }).code)
    }
    const text = await response.text()
    const body = parseJson(text) as GoogleStyleError & { name?: string }
    if (!response.ok) throw classifyRedstoreError(response.status, body, text, parseRetryAfter(response.headers.get('retry-after')))
    // The service answers `{}` on success: the idempotency key is the only stable id we have.
    return { providerMessageId: body.name ?? options.idempotencyKey }
  }

  async sendBatch(tokens: readonly string[], content: PushContent, options: SendOptions): Promise<BatchResult[]> {
    const results: BatchResult[] = new Array(tokens.length)
    let next = 0
    const worker = async () => {
      for (let i = next++; i < tokens.length; i = next++) {
        const address = tokens[i]
        try {
          const { providerMessageId } = await this.send(address, content, { idempotencyKey: `${options.idempotencyKey}:${address}` })
          results[i] = { address, ok: true, providerMessageId }
        } catch (error) {
          results[i] = { address, ok: false, error: error as TransportError }
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(this.config.concurrency ?? 8, tokens.length) }, worker))
    return results
  }
}

export function redstoreMessage(token: string, content: PushContent) {
  const data = { ...content.data, ...(content.deepLink ? { deepLink: content.deepLink } : {}) }
  return {
    token,
    notification: { title: content.title, body: content.body },
    ...(Object.keys(data).length ? { data } : {}),
    // click_action_type 1 makes the Android notification open click_action as a deep link.
    ...(content.deepLink ? { android: { notification: { click_action: content.deepLink, click_action_type: 1 } } } : {}),
  }
}

export function classifyRedstoreError(status: number, body: GoogleStyleError, raw: string, retryAfterMs?: number): TransportError {
  const message = body.error?.message ?? raw.slice(0, 200)
  const code = body.error?.status ?? status
  const text = `RedStore: HTTP ${status} ${body.error?.status ?? ''} ${message}`.replace(/\s+/g, ' ').trim()
  // 404: the token is unknown (app removed or token rotated). 400 naming the token: it is malformed.
  if (status === 404 || (status === 400 && /token/i.test(message))) return new InvalidAddressError(text, code)
  return errorForStatus(status, text, code, retryAfterMs)
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : {}
  } catch {
    return {}
  }
}

export function redstoreFromEnv(env: TransportEnv): RedstorePushTransport | undefined {
  const { REDSTORE_PROJECT_ID, REDSTORE_SERVICE_TOKEN } = env
  if (!REDSTORE_PROJECT_ID || !REDSTORE_SERVICE_TOKEN) return undefined
  return new RedstorePushTransport({
    projectId: REDSTORE_PROJECT_ID,
    serviceToken: REDSTORE_SERVICE_TOKEN,
    baseUrl: env.REDSTORE_API_BASE_URL || undefined,
  })
}
