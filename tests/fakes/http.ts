// Small pieces every HTTP fake shares: reading a body, answering JSON, a queue of planned failures.
import type { ServerResponse } from 'node:http'
import type { AddressInfo, Server } from 'node:net'

/** Any request stream (http, http2 compat, http2 stream) read to the end as UTF-8. */
export async function readBody(req: AsyncIterable<Buffer | string>): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8')
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

/** Failures the test plans for the next requests, consumed one per request, in order. */
export class FailurePlan<Kind extends string> {
  private planned: Kind[] = []
  add(kind: Kind, times = 1) {
    for (let i = 0; i < times; i++) this.planned.push(kind)
  }
  take(): Kind | undefined {
    return this.planned.shift()
  }
}

export function listen(server: Server, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port))
  })
}

export function closeServer(server: Server): Promise<void> {
  return new Promise(resolve => {
    ;(server as Server & { closeAllConnections?: () => void }).closeAllConnections?.()
    server.close(() => resolve())
  })
}
