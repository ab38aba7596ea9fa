// A local RuStore push API ("RedStore"): POST /v1/projects/{projectId}/messages:send with a Bearer
// service token and `{ message: { token, notification, data, android } }`; `{}` on success, Google-style
// `{ error: { code, message, status } }` otherwise.
import http from 'node:http'
import { closeServer, FailurePlan, listen, readBody, sendJson } from './http'

export type RedstoreFailure = 'invalid-token' | 'invalid-payload' | 'rate-limit' | 'unavailable' | 'forbidden'

export type RedstoreReceived = { projectId: string; authorization: string | undefined; body: { message: Record<string, any> } }

const error = (code: number, status: string, message: string) => ({ error: { code, message, status } })

const FAILURES: Record<RedstoreFailure, { status: number; body: object; headers?: Record<string, string> }> = {
  'invalid-token': { status: 400, body: error(400, 'INVALID_ARGUMENT', 'invalid push token') },
  'invalid-payload': { status: 400, body: error(400, 'INVALID_ARGUMENT', "message.android.ttl: invalid duration '3 days'") },
  'rate-limit': { status: 429, body: error(429, 'RESOURCE_EXHAUSTED', 'too many requests'), headers: { 'retry-after': '3' } },
  unavailable: { status: 503, body: error(503, 'UNAVAILABLE', 'service unavailable') },
  forbidden: { status: 403, body: error(403, 'PERMISSION_DENIED', 'project is blocked') },
}

export async function startRedstoreFake(options: { projectId: string; serviceToken: string }) {
  const received: RedstoreReceived[] = []
  const failures = new FailurePlan<RedstoreFailure>()
  /** Tokens the service no longer knows: answered 404 NOT_FOUND. */
  const deadTokens = new Set<string>()
  let concurrent = 0
  let maxConcurrent = 0

  const server = http.createServer(async (req, res) => {
    concurrent++
    maxConcurrent = Math.max(maxConcurrent, concurrent)
    res.on('finish', () => concurrent--)
    const match = req.method === 'POST' && req.url?.match(/^\/v1\/projects\/([^/]+)\/messages:send$/)
    if (!match) return sendJson(res, 404, error(404, 'NOT_FOUND', 'not found'))
    const body = JSON.parse(await readBody(req))
    received.push({ projectId: decodeURIComponent(match[1]), authorization: req.headers.authorization, body })
    await new Promise(resolve => setTimeout(resolve, 2)) // let parallel requests overlap

    if (req.headers.authorization !== `Bearer ${options.serviceToken}` || decodeURIComponent(match[1]) !== options.projectId) {
      return sendJson(res, 401, error(401, 'UNAUTHENTICATED', 'invalid service token'))
    }
    const message = body.message ?? {}
    if (!message.token) return sendJson(res, 400, error(400, 'INVALID_ARGUMENT', 'message.token is a required field'))
    if (message.notification && (!message.notification.title || !message.notification.body)) {
      return sendJson(res, 400, error(400, 'INVALID_ARGUMENT', 'message.notification: title and body are required'))
    }
    if (deadTokens.has(message.token)) return sendJson(res, 404, error(404, 'NOT_FOUND', 'Requested entity was not found.'))
    const failure = failures.take()
    if (failure) return sendJson(res, FAILURES[failure].status, FAILURES[failure].body, FAILURES[failure].headers)
    sendJson(res, 200, {})
  })
  const port = await listen(server)
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    deadTokens,
    maxConcurrent: () => maxConcurrent,
    failNext: (kind: RedstoreFailure, times = 1) => failures.add(kind, times),
    close: () => closeServer(server),
  }
}
