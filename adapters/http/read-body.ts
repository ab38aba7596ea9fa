// Reads a webhook's request body with a size cap; when a body parser already ran, its result is used.
// Webhook routes are mounted before Keystone's own parsers, so they read the stream themselves.

export class BodyTooLargeError extends Error {
  name = 'BodyTooLargeError'
  status = 413
}

/** The raw body as text, or the object a body parser left on `req.body`. */
export async function readBody(req: any, maxBytes: number): Promise<string | Record<string, unknown>> {
  if (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) return req.body
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of req) {
    size += chunk.length
    if (size > maxBytes) throw new BodyTooLargeError(`The request body is larger than ${maxBytes} bytes`)
    chunks.push(Buffer.from(chunk))
  }
  return Buffer.concat(chunks).toString('utf8')
}
