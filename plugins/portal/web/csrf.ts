// CSRF protection for the portal's forms: a random cookie (HttpOnly, SameSite=Lax, path /portal) and a
// hidden field holding HMAC(key, cookie | signed-in user). A post is accepted only when the field matches
// the cookie it came with; another site can neither read the cookie nor compute the field.
import crypto from 'node:crypto'

const COOKIE = 'portal_csrf'

function cookieValue(req: any): string | undefined {
  const header = String(req.headers.cookie ?? '')
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === COOKIE) return rest.join('=') || undefined
  }
  return undefined
}

const tokenFor = (key: string, cookie: string, userId: string | undefined) =>
  crypto.createHmac('sha256', key).update(`${cookie}|${userId ?? ''}`).digest('base64url')

/** The field value for this request's forms, setting the cookie on first visit. */
export function csrfToken(req: any, res: any, key: string, userId?: string): string {
  let cookie = cookieValue(req)
  if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) {
    cookie = crypto.randomBytes(32).toString('base64url')
    const secure = process.env.NODE_ENV === 'production' ? '; Secure' : ''
    res.append('Set-Cookie', `${COOKIE}=${cookie}; Path=/portal; HttpOnly; SameSite=Lax${secure}`)
    // the cookie is new: this request's own check (a re-rendered form) must see it
    req.headers.cookie = `${req.headers.cookie ? `${req.headers.cookie}; ` : ''}${COOKIE}=${cookie}`
  }
  return tokenFor(key, cookie, userId)
}

export function csrfValid(req: any, key: string, submitted: unknown, userId?: string): boolean {
  const cookie = cookieValue(req)
  if (!cookie || typeof submitted !== 'string') return false
  const expected = Buffer.from(tokenFor(key, cookie, userId))
  const given = Buffer.from(submitted)
  return expected.length === given.length && crypto.timingSafeEqual(expected, given)
}
