// A local APNs provider API over HTTP/2 + TLS: POST /3/device/{token} with an ES256 JWT bearer
// (verified against the team's public key), apns-topic/apns-id/apns-push-type headers and a JSON
// payload; answers 200 with apns-id, or a status with `{ reason }` (410 adds `timestamp`).
import crypto from 'node:crypto'
import http2 from 'node:http2'
import type { AddressInfo } from 'node:net'
import { FailurePlan, readBody } from './http'
import { testCertificate } from './tls'

export type ApnsFailure = 'bad-device-token' | 'too-many-requests' | 'internal-error' | 'service-unavailable' | 'payload-too-large'

export type ApnsReceived = {
  token: string
  headers: { topic?: string; id?: string; pushType?: string; authorization?: string }
  jwt: { header: Record<string, unknown>; claims: Record<string, unknown>; valid: boolean } | undefined
  payload: Record<string, any>
  session: number
}

const FAILURES: Record<ApnsFailure, { status: number; reason: string }> = {
  'bad-device-token': { status: 400, reason: 'BadDeviceToken' },
  'too-many-requests': { status: 429, reason: 'TooManyRequests' },
  'internal-error': { status: 500, reason: 'InternalServerError' },
  'service-unavailable': { status: 503, reason: 'ServiceUnavailable' },
  'payload-too-large': { status: 413, reason: 'PayloadTooLarge' },
}

export async function startApnsFake(options: { teamId: string; keyId: string; publicKey: crypto.KeyObject }) {
  const { key, cert } = testCertificate()
  const received: ApnsReceived[] = []
  const failures = new FailurePlan<ApnsFailure>()
  /** Tokens of uninstalled apps: answered 410 Unregistered. */
  const unregistered = new Set<string>()
  const sessions = new Set<http2.ServerHttp2Session>()
  const sessionIds = new WeakMap<http2.ServerHttp2Session, number>()
  let sessionCount = 0

  const server = http2.createSecureServer({ key, cert })
  server.on('session', session => {
    sessionIds.set(session, ++sessionCount)
    sessions.add(session)
    session.on('close', () => sessions.delete(session))
  })
  server.on('stream', async (stream, headers) => {
    const path = String(headers[':path'])
    const body = await readBody(stream)
    const reply = (status: number, json?: object, extra: Record<string, string> = {}) => {
      stream.respond({ ':status': status, 'apns-id': String(headers['apns-id'] ?? crypto.randomUUID()), ...extra, ...(json ? { 'content-type': 'application/json' } : {}) })
      stream.end(json ? JSON.stringify(json) : undefined)
    }
    const match = headers[':method'] === 'POST' && path.match(/^\/3\/device\/([0-9A-Za-z-_]+)$/)
    if (!match) return reply(404, { reason: 'BadPath' })
    const authorization = headers.authorization as string | undefined
    const jwt = verifyJwt(authorization, options)
    received.push({
      token: match[1],
      headers: {
        topic: headers['apns-topic'] as string | undefined,
        id: headers['apns-id'] as string | undefined,
        pushType: headers['apns-push-type'] as string | undefined,
        authorization,
      },
      jwt,
      payload: body ? JSON.parse(body) : {},
      session: sessionIds.get(stream.session as http2.ServerHttp2Session) ?? 0,
    })
    if (!jwt) return reply(403, { reason: 'MissingProviderToken' })
    if (!jwt.valid) return reply(403, { reason: 'InvalidProviderToken' })
    if (!headers['apns-topic']) return reply(400, { reason: 'MissingTopic' })
    if (unregistered.has(match[1])) return reply(410, { reason: 'Unregistered', timestamp: Date.now() - 60_000 })
    const failure = failures.take()
    if (failure) return reply(FAILURES[failure].status, { reason: FAILURES[failure].reason })
    reply(200)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port

  return {
    url: `https://127.0.0.1:${port}`,
    port,
    ca: cert,
    received,
    unregistered,
    /** Number of HTTP/2 connections the fake has accepted so far. */
    sessionCount: () => sessionCount,
    failNext: (kind: ApnsFailure, times = 1) => failures.add(kind, times),
    close: () =>
      new Promise<void>(resolve => {
        for (const session of sessions) session.destroy()
        server.close(() => resolve())
      }),
  }
}

/** An ES256 JWT: iss must be the team, kid the key, and the signature must verify with the team's public key. */
function verifyJwt(authorization: string | undefined, options: { teamId: string; keyId: string; publicKey: crypto.KeyObject }) {
  const match = authorization?.match(/^bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/i)
  if (!match) return undefined
  const [, headerPart, claimsPart, signaturePart] = match
  const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'))
  const claims = JSON.parse(Buffer.from(claimsPart, 'base64url').toString('utf8'))
  const signatureOk = crypto.verify(
    'sha256',
    Buffer.from(`${headerPart}.${claimsPart}`),
    { key: options.publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signaturePart, 'base64url')
  )
  const valid = signatureOk && header.alg === 'ES256' && header.kid === options.keyId && claims.iss === options.teamId
  return { header, claims, valid }
}
