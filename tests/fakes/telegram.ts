// A local Telegram Bot API: POST /bot<token>/<method> with JSON (or form) parameters, answering
// `{ ok: true, result }` or `{ ok: false, error_code, description, parameters? }` as api.telegram.org does.
import http from 'node:http'
import { closeServer, FailurePlan, listen, readBody, sendJson } from './http'

export type TelegramFailure = 'rate-limit' | 'bad-gateway' | 'message-too-long'

export type TelegramReceived = { token: string; method: string; params: Record<string, any> }

const FAILURES: Record<TelegramFailure, { error_code: number; description: string; parameters?: object }> = {
  'rate-limit': { error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } },
  'bad-gateway': { error_code: 502, description: 'Bad Gateway' },
  'message-too-long': { error_code: 400, description: 'Bad Request: message is too long' },
}

export async function startTelegramFake(options: { token: string; botUsername?: string }) {
  const received: TelegramReceived[] = []
  const failures = new FailurePlan<TelegramFailure>()
  /** Chats whose user blocked the bot: 403. */
  const blockedChats = new Set<string>()
  /** Chat ids the bot never saw: 400 chat not found. */
  const unknownChats = new Set<string>()
  let nextMessageId = 1
  /** The last setWebhook parameters. */
  let webhook: Record<string, any> | undefined

  const server = http.createServer(async (req, res) => {
    const match = req.method === 'POST' && req.url?.match(/^\/bot([^/]+)\/(\w+)$/)
    const fail = (status: number, description: string, parameters?: object) =>
      sendJson(res, status, { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) })
    if (!match) return fail(404, 'Not Found')
    const raw = await readBody(req)
    const params = req.headers['content-type']?.startsWith('application/json') ? JSON.parse(raw || '{}') : Object.fromEntries(new URLSearchParams(raw))
    const [, token, method] = match
    received.push({ token, method, params })

    if (token !== options.token) return fail(401, 'Unauthorized')
    if (method === 'getMe') {
      return sendJson(res, 200, { ok: true, result: { id: 1, is_bot: true, first_name: 'CMS', username: options.botUsername ?? 'cms_test_bot' } })
    }
    if (method === 'setWebhook') {
      if (!/^https:\/\//.test(String(params.url ?? ''))) return fail(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook')
      webhook = params
      return sendJson(res, 200, { ok: true, result: true, description: 'Webhook was set' })
    }
    if (method !== 'sendMessage') return fail(404, 'Not Found: method not found')
    const chatId = String(params.chat_id)
    if (!params.text) return fail(400, 'Bad Request: message text is empty')
    if (blockedChats.has(chatId)) return fail(403, 'Forbidden: bot was blocked by the user')
    if (unknownChats.has(chatId)) return fail(400, 'Bad Request: chat not found')
    const failure = failures.take()
    if (failure) return fail(FAILURES[failure].error_code, FAILURES[failure].description, FAILURES[failure].parameters)
    sendJson(res, 200, {
      ok: true,
      result: {
        message_id: nextMessageId++,
        from: { id: 1, is_bot: true, first_name: 'CMS', username: options.botUsername ?? 'cms_test_bot' },
        chat: { id: Number(chatId), type: 'private' },
        date: Math.floor(Date.now() / 1000),
        text: params.text,
      },
    })
  })
  const port = await listen(server)
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    blockedChats,
    unknownChats,
    failNext: (kind: TelegramFailure, times = 1) => failures.add(kind, times),
    webhook: () => webhook,
    close: () => closeServer(server),
  }
}
