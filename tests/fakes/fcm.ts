// A local FCM HTTP v1 API over TLS, HTTP/2 (sendEach/multicast) and HTTP/1.1 (send):
// POST /v1/projects/{projectId}/messages:send with `Authorization: Bearer <access token>`, answering
// `{ name }` or Google's error JSON whose details carry the FcmError `errorCode` (UNREGISTERED, ...).
import http2 from 'node:http2'
import type { AddressInfo } from 'node:net'
import { FailurePlan, readBody, sendJson } from './http'
import { testCertificate } from './tls'

export type FcmFailure = 'unregistered' | 'invalid-token' | 'invalid-payload' | 'quota' | 'internal' | 'unavailable' | 'sender-mismatch'

export type FcmReceived = {
  projectId: string
  authorization: string | undefined
  httpVersion: string
  /** Which connection carried the request: one per sendEach call on HTTP/2. */
  connection: number
  body: { message: Record<string, any>; validate_only?: boolean }
}

const FCM_ERROR = 'type.googleapis.com/google.firebase.fcm.v1.FcmError'

function googleError(status: number, grpcStatus: string, message: string, errorCode: string, extra: object[] = []) {
  return { status, body: { error: { code: status, message, status: grpcStatus, details: [{ '@type': FCM_ERROR, errorCode }, ...extra] } } }
}

const FAILURES: Record<FcmFailure, { status: number; body: object; headers?: Record<string, string> }> = {
  unregistered: googleError(404, 'NOT_FOUND', 'Requested entity was not found.', 'UNREGISTERED'),
  'invalid-token': googleError(400, 'INVALID_ARGUMENT', 'The registration token is not a valid FCM registration token', 'INVALID_ARGUMENT', [
    { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'message.token', description: 'Invalid registration token' }] },
  ]),
  'invalid-payload': googleError(400, 'INVALID_ARGUMENT', 'Invalid value at \'message.data[0].value\' (TYPE_STRING), 1', 'INVALID_ARGUMENT'),
  quota: { ...googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for quota metric', 'QUOTA_EXCEEDED'), headers: { 'retry-after': '30' } },
  internal: googleError(500, 'INTERNAL', 'Internal error encountered.', 'INTERNAL'),
  // Retry-After beyond firebase-admin's 60 s cap: the SDK hands the 503 back instead of retrying for seconds.
  unavailable: { ...googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.', 'UNAVAILABLE'), headers: { 'retry-after': '120' } },
  'sender-mismatch': googleError(403, 'PERMISSION_DENIED', 'SenderId mismatch', 'SENDER_ID_MISMATCH'),
}

export async function startFcmFake(options: { projectId: string; accessToken: string }) {
  const { key, cert } = testCertificate()
  const received: FcmReceived[] = []
  const failures = new FailurePlan<FcmFailure>()
  /** Tokens the fake answers UNREGISTERED for, whatever else is planned. */
  const deadTokens = new Set<string>()
  const connections = new WeakMap<object, number>()
  let connectionCount = 0
  let messageCount = 0
  const connectionOf = (carrier: object) => {
    if (!connections.has(carrier)) connections.set(carrier, ++connectionCount)
    return connections.get(carrier)!
  }

  const server = http2.createSecureServer({ key, cert, allowHTTP1: true }, async (req, res) => {
    const match = req.method === 'POST' && req.url.match(/^\/v1\/projects\/([^/]+)\/messages:send$/)
    if (!match) return sendJson(res as any, 404, { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } })
    const body = JSON.parse(await readBody(req))
    received.push({
      projectId: match[1],
      authorization: req.headers.authorization,
      httpVersion: req.httpVersion,
      connection: connectionOf(req.stream?.session ?? req.socket),
      body,
    })
    const reply = (status: number, json: object, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers })
      res.end(JSON.stringify(json))
    }
    if (req.headers.authorization !== `Bearer ${options.accessToken}` || match[1] !== options.projectId) {
      return reply(401, { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } })
    }
    const failure = deadTokens.has(body.message?.token) ? 'unregistered' : failures.take()
    if (failure) return reply(FAILURES[failure].status, FAILURES[failure].body, FAILURES[failure].headers)
    reply(200, { name: `projects/${match[1]}/messages/0:${Date.now()}%${(++messageCount).toString(16).padStart(8, '0')}` })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const sessions = new Set<http2.ServerHttp2Session>()
  server.on('session', session => {
    sessions.add(session)
    session.on('close', () => sessions.delete(session))
  })

  return {
    url: `https://127.0.0.1:${port}`,
    port,
    ca: cert,
    received,
    deadTokens,
    failNext: (kind: FcmFailure, times = 1) => failures.add(kind, times),
    close: () =>
      new Promise<void>(resolve => {
        for (const session of sessions) session.destroy()
        server.close(() => resolve())
      }),
  }
}
