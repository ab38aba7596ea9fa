// Tests only: point an SDK whose Google host is hard-coded (firebase-admin) at a local TLS server.
// Production never builds one of these; the adapters take it as an optional `endpoint` setting.
//  - HTTP/1.1 requests go through an https.Agent whose connections dial the local server.
//  - HTTP/2 sessions are opened with `http2.connect(origin)`; for the duration of one synchronous call
//    that opens such a session, `http2.connect` is swapped for a version that dials the local server.
//    The swap is undone before the call returns, so no other code ever sees it.
//  - firebase-admin sends `:scheme: https:` (with the colon), which real Google tolerates and Node's
//    HTTP/2 server rejects; the redirected session rewrites it to `https`.
import http2 from 'node:http2'
import https from 'node:https'
import tls from 'node:tls'

export type LocalTlsEndpoint = {
  host: string
  port: number
  /** PEM of the certificate the local server presents (self-signed in tests). */
  ca: string | Buffer
  /** Name the certificate is issued for; defaults to localhost. */
  servername?: string
}

export function localAgent(endpoint: LocalTlsEndpoint): https.Agent {
  const agent = new https.Agent({ keepAlive: false })
  ;(agent as unknown as { createConnection: (options: tls.ConnectionOptions) => tls.TLSSocket }).createConnection = options =>
    tls.connect({
      ...options,
      host: endpoint.host,
      port: endpoint.port,
      ca: endpoint.ca,
      servername: endpoint.servername ?? 'localhost',
      ALPNProtocols: ['http/1.1'],
    })
  return agent
}

type Connect = typeof http2.connect
const mutableHttp2 = http2 as unknown as { connect: Connect }

/** Runs `call` with HTTP/2 sessions to `origin` redirected to `endpoint`; returns what `call` returns. */
export function withHttp2Redirect<T>(origin: string, endpoint: LocalTlsEndpoint, call: () => T): T {
  const original = mutableHttp2.connect
  const wanted = new URL(origin).origin
  mutableHttp2.connect = ((authority: string | URL, ...rest: unknown[]) => {
    if (new URL(String(authority)).origin !== wanted) return (original as (...a: unknown[]) => http2.ClientHttp2Session)(authority, ...rest)
    const listener = typeof rest[rest.length - 1] === 'function' ? (rest.pop() as () => void) : undefined
    const options = (rest[0] ?? {}) as http2.SecureClientSessionOptions
    const session = original(
      `https://${endpoint.host}:${endpoint.port}`,
      { ...options, ca: endpoint.ca, servername: endpoint.servername ?? 'localhost' },
      listener
    )
    const request = session.request.bind(session)
    session.request = ((headers?: http2.OutgoingHttpHeaders, requestOptions?: http2.ClientSessionRequestOptions) =>
      request({ ...headers, ':scheme': 'https' }, requestOptions)) as typeof session.request
    return session
  }) as Connect
  try {
    return call()
  } finally {
    mutableHttp2.connect = original
  }
}
