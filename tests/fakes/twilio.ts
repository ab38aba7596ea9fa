// A local Twilio REST API: POST /2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP Basic auth with
// the account SID and auth token, form-encoded parameters, Twilio's JSON bodies for messages and errors.
import crypto from 'node:crypto'
import http from 'node:http'
import { closeServer, FailurePlan, listen, readBody, sendJson } from './http'

export type TwilioFailure = 'rate-limit' | 'server-error' | 'invalid-number' | 'unsubscribed' | 'region-disabled'

export type TwilioReceived = {
  accountSid: string
  /** Decoded from the Basic Authorization header. */
  auth: { username: string; password: string } | undefined
  params: Record<string, string>
}

// Twilio's documented error bodies (https://www.twilio.com/docs/errors/<code>).
const FAILURES: Record<TwilioFailure, { status: number; code: number; message: string }> = {
  'rate-limit': { status: 429, code: 20429, message: 'Too Many Requests' },
  'server-error': { status: 500, code: 20500, message: 'Internal Server Error' },
  'invalid-number': { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." },
  unsubscribed: { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' },
  'region-disabled': { status: 400, code: 21408, message: 'Permission to send an SMS has not been enabled for the region indicated by the \'To\' number' },
}

export async function startTwilioFake(credentials: { accountSid: string; authToken: string }) {
  const received: TwilioReceived[] = []
  const failures = new FailurePlan<TwilioFailure>()

  const server = http.createServer(async (req, res) => {
    const match = req.method === 'POST' && req.url?.match(/^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/)
    if (!match) return sendJson(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 })
    const params = Object.fromEntries(new URLSearchParams(await readBody(req)))
    const auth = decodeBasic(req.headers.authorization)
    received.push({ accountSid: match[1], auth, params })

    if (auth?.username !== credentials.accountSid || auth.password !== credentials.authToken || match[1] !== credentials.accountSid) {
      return sendJson(res, 401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 })
    }
    const failure = failures.take()
    if (failure) {
      const { status, code, message } = FAILURES[failure]
      return sendJson(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status })
    }
    const sid = `SM${crypto.randomBytes(16).toString('hex')}`
    const now = new Date().toUTCString()
    sendJson(res, 201, {
      sid,
      account_sid: match[1],
      to: params.To,
      from: params.From ?? null,
      messaging_service_sid: params.MessagingServiceSid ?? null,
      body: params.Body,
      status: 'queued',
      num_segments: '1',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      date_created: now,
      date_updated: now,
      date_sent: null,
      error_code: null,
      error_message: null,
      price: null,
      uri: `/2010-04-01/Accounts/${match[1]}/Messages/${sid}.json`,
    })
  })
  const port = await listen(server)
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    failNext: (kind: TwilioFailure, times = 1) => failures.add(kind, times),
    close: () => closeServer(server),
  }
}

function decodeBasic(header: string | undefined) {
  if (!header?.startsWith('Basic ')) return undefined
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}
