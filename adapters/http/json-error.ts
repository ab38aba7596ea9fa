// Errors answered as JSON, in the shape GraphQL clients already read ({ errors: [{ message, extensions: { code } }] }),
// so a client never gets an HTML page or a stack trace, whatever route it called and whatever the mode.
import type { IncomingMessage, ServerResponse } from 'node:http'

export type HttpErrorCode = 'BAD_REQUEST' | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE' | 'NOT_FOUND' | 'INTERNAL_SERVER_ERROR'

export function sendJsonError(res: ServerResponse, status: number, code: HttpErrorCode, message: string) {
  if (res.headersSent) {
    res.end()
    return
  }
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] })
  res.statusCode = status
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.setHeader('Content-Length', Buffer.byteLength(body))
  res.setHeader('Cache-Control', 'no-store')
  res.end(body)
}

/** What a failed body read (Express's parsers, graphql-upload, http-errors) means to the client. */
export function describeHttpError(error: unknown): { status: number; code: HttpErrorCode; message: string } {
  const err = error as { status?: unknown; statusCode?: unknown; type?: unknown; expose?: unknown; message?: unknown }
  const status = Number(err?.status ?? err?.statusCode)
  if (status === 413) return { status, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' }
  if (status === 415) return { status, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'The request body has an unsupported charset or encoding' }
  if (status === 404) return { status, code: 'NOT_FOUND', message: 'Not found' }
  if (status >= 400 && status < 500) {
    if (err.type === 'entity.parse.failed') return { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON' }
    // http-errors marks messages meant for clients (4xx) as exposable
    const message = err.expose === true && typeof err.message === 'string' ? err.message : 'Bad request'
    return { status, code: 'BAD_REQUEST', message }
  }
  return { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' }
}

const isMultipart = (req: IncomingMessage) => /^multipart\/form-data/i.test(String(req.headers['content-type'] ?? ''))

/** The last handler of the HTTP server: anything no route answered, and any error no route handled. */
export function finalJsonHandler(req: IncomingMessage, res: ServerResponse, log: (line: string) => void = line => console.error(line)) {
  return (error?: unknown) => {
    if (!error) return sendJsonError(res, 404, 'NOT_FOUND', 'Not found')
    // the multipart reader (busboy, under graphql-upload) fails on a malformed form without an HTTP status
    const status = (error as any)?.status ?? (error as any)?.statusCode
    if (status === undefined && isMultipart(req)) return sendJsonError(res, 400, 'BAD_REQUEST', 'The multipart request could not be read')
    const { status: answer, code, message } = describeHttpError(error)
    if (answer >= 500) log(`[http] ${req.method} ${req.url?.split('?')[0]} failed: ${(error as Error)?.stack ?? String(error)}`)
    sendJsonError(res, answer, code, message)
  }
}
