// Request and response helpers of the portal's pages: form bodies (urlencoded, capped), the security
// headers every page carries (no outside requests, no framing, no referrer: invitation links hold a
// token), and same-origin checks for form posts.
import { readBody } from '../../../adapters/http/read-body'

const FORM_LIMIT_BYTES = 16 * 1024

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
}

export function sendPage(res: any, status: number, document: string, headers: Record<string, string> = {}) {
  res.status(status).set({ ...SECURITY_HEADERS, ...headers }).type('html').send(document)
}

export function redirect(res: any, location: string) {
  res.status(303).set({ ...SECURITY_HEADERS, Location: location }).end()
}

export class BadForm extends Error {
  name = 'BadForm'
}

/** The posted fields; anything but a small urlencoded form is refused. */
export async function readForm(req: any): Promise<Record<string, string>> {
  const type = String(req.headers['content-type'] ?? '')
  if (!type.startsWith('application/x-www-form-urlencoded')) throw new BadForm('expected a form post')
  let body: string | Record<string, unknown>
  try {
    body = await readBody(req, FORM_LIMIT_BYTES)
  } catch {
    throw new BadForm('the form is too large')
  }
  if (typeof body !== 'string') return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, String(value ?? '')]))
  const fields: Record<string, string> = {}
  for (const [key, value] of new URLSearchParams(body)) if (!(key in fields)) fields[key] = value
  return fields
}

/** A post from another site (its Origin is not ours) is refused before anything else. */
export function isCrossSite(req: any, publicUrl: string): boolean {
  const origin = req.headers.origin
  if (!origin || origin === 'null') return false
  let host: string
  try {
    host = new URL(origin).host
  } catch {
    return true
  }
  return host !== req.headers.host && host !== new URL(publicUrl).host
}
