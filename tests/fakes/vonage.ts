// A local Vonage SMS API: POST /sms/json with form-encoded (or JSON) parameters, credentials in the
// body, HTTP 200 with a per-part `status` for accepted and refused messages alike.
import crypto from 'node:crypto'
import http from 'node:http'
import { closeServer, FailurePlan, listen, readBody, sendJson } from './http'

export type VonageFailure = 'throttled' | 'internal-error' | 'number-barred' | 'quota' | 'http-503'

export type VonageReceived = { contentType: string | undefined; params: Record<string, string> }

// Status codes and texts from https://developer.vonage.com/en/messaging/sms/guides/troubleshooting-sms
const STATUSES: Record<Exclude<VonageFailure, 'http-503'>, { status: string; text: string }> = {
  throttled: { status: '1', text: 'Throughput Rate Exceeded - please wait [ 1000 ] and retry' },
  'internal-error': { status: '5', text: 'Internal Error' },
  'number-barred': { status: '7', text: 'Number Barred' },
  quota: { status: '9', text: 'Partner Quota Violation' },
}

export async function startVonageFake(credentials: { apiKey: string; apiSecret: string }) {
  const received: VonageReceived[] = []
  const failures = new FailurePlan<VonageFailure>()

  const server = http.createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/sms/json') return sendJson(res, 404, { error: 'not found' })
    const raw = await readBody(req)
    const contentType = req.headers['content-type']
    const params: Record<string, string> = contentType?.startsWith('application/json')
      ? JSON.parse(raw)
      : Object.fromEntries(new URLSearchParams(raw))
    received.push({ contentType, params })

    const answer = (parts: object[]) => sendJson(res, 200, { 'message-count': String(parts.length), messages: parts })
    if (params.api_key !== credentials.apiKey || params.api_secret !== credentials.apiSecret) {
      return answer([{ status: '4', 'error-text': 'Bad Credentials' }])
    }
    const failure = failures.take()
    if (failure === 'http-503') {
      res.writeHead(503, { 'retry-after': '7', 'content-type': 'text/plain' })
      return res.end('Service Unavailable')
    }
    if (failure) return answer([{ to: params.to, status: STATUSES[failure].status, 'error-text': STATUSES[failure].text }])
    // A long text is split into parts; each gets its own id.
    const parts = Math.max(1, Math.ceil(params.text.length / (params.type === 'unicode' ? 67 : 153)))
    answer(
      Array.from({ length: parts }, () => ({
        to: params.to,
        'message-id': crypto.randomBytes(8).toString('hex').toUpperCase(),
        status: '0',
        'remaining-balance': '15.53590000',
        'message-price': '0.03330000',
        network: '23410',
        'client-ref': params['client-ref'],
      }))
    )
  })
  const port = await listen(server)
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    failNext: (kind: VonageFailure, times = 1) => failures.add(kind, times),
    close: () => closeServer(server),
  }
}
