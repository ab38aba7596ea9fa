// Request bodies of the GraphQL endpoint: only JSON (and multipart for Keystone's file uploads) is
// accepted, Keystone's JSON parser gets our size limit, and whatever an Express parser (or any route)
// fails with is answered as JSON by the server's last handler, never as Express's HTML error page.
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { finalJsonHandler, sendJsonError } from '../../adapters/http/json-error'

const ACCEPTED = new Set(['application/json', 'multipart/form-data'])

const mediaType = (req: IncomingMessage) => String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()

/** Express middleware for the GraphQL path: a POST must say it carries JSON (or an upload). */
export function acceptedBodies() {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (req.method !== 'POST' || ACCEPTED.has(mediaType(req))) return next()
    sendJsonError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send GraphQL requests as application/json')
  }
}

type RequestListener = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void

/**
 * Gives the server's request listener (the Express app) our last handler instead of Express's
 * default one, which answers errors with an HTML page (and a stack trace outside production).
 */
export function answerErrorsAsJson(server: Server) {
  const listeners = server.listeners('request') as RequestListener[]
  server.removeAllListeners('request')
  for (const listener of listeners) {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => listener(req, res, finalJsonHandler(req, res)))
  }
}
