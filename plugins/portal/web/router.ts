// What every portal route shares: a request context with the visitor's session, one place where failures
// become pages, form posts checked (same site, CSRF token bound to the visitor), resident-only pages
// (anonymous visitors go to sign in, staff and admin sessions never act here), and the page shell.
import type { KeystoneContext } from '@keystone-6/core/types'
import type { AcceptDeps } from '../accept'
import type { PortalLimiters } from '../limits'
import { csrfToken, csrfValid } from './csrf'
import type { Html } from './html'
import { BadForm, isCrossSite, readForm, redirect, sendPage } from './http'
import { layout, type Section } from './layout'
import { badRequestPage, errorPage, staffPage, tooManyPage, unavailablePage } from './pages/notices'
import { viewerOf, type Viewer } from './viewer'

export type WebDeps = {
  accept: AcceptDeps
  csrfKey: string
  limits: PortalLimiters
  publicUrl: string
}

export type Ctx = KeystoneContext<any>
export type Resident = Extract<Viewer, { kind: 'resident' }>
type Handler = (req: any, res: any, ctx: Ctx) => Promise<void>
type ResidentHandler = (req: any, res: any, ctx: Ctx, resident: Resident) => Promise<void>

class CsrfRefused extends Error {
  name = 'CsrfRefused'
}

export type PortalRouter = ReturnType<typeof portalRouter>

export function portalRouter(context: Ctx, deps: WebDeps) {
  const userIdOf = (ctx: Ctx) => {
    const viewer = viewerOf(ctx)
    return viewer.kind === 'resident' ? viewer.userId : undefined
  }
  const page = (handler: Handler) => async (req: any, res: any) => {
    try {
      await handler(req, res, await context.withRequest(req, res))
    } catch (error) {
      failed(res, error)
    }
  }
  return {
    deps,
    page,
    /** The CSRF field for this visitor's forms. */
    csrf: (req: any, res: any, ctx: Ctx) => csrfToken(req, res, deps.csrfKey, userIdOf(ctx)),
    /** A form post's fields, once it is known to come from our own page. */
    async posted(req: any, ctx: Ctx) {
      if (isCrossSite(req, deps.publicUrl)) throw new CsrfRefused()
      const form = await readForm(req)
      if (!csrfValid(req, deps.csrfKey, form._csrf, userIdOf(ctx))) throw new CsrfRefused()
      return form
    },
    residentPage: (handler: ResidentHandler) =>
      page(async (req, res, ctx) => {
        const viewer = viewerOf(ctx)
        if (viewer.kind === 'anonymous') return redirect(res, '/portal/signin')
        if (viewer.kind === 'staff') return sendPage(res, 403, staffPage())
        return handler(req, res, ctx, viewer)
      }),
    /** A resident page in the shell with the navigation and the sign-out form. */
    shell: (req: any, res: any, resident: Resident, section: Section, title: string, body: Html) =>
      layout({ title, body, resident: { name: resident.name, csrf: csrfToken(req, res, deps.csrfKey, resident.userId), section } }),
  }
}

function failed(res: any, error: unknown) {
  if (res.headersSent) return
  if (error instanceof CsrfRefused || error instanceof BadForm) return sendPage(res, 400, badRequestPage())
  const code = (error as any)?.extensions?.code
  if (code === 'TOO_MANY_REQUESTS') {
    const retryAfter = Number((error as any).extensions.retryAfter) || undefined
    return sendPage(res, 429, tooManyPage(retryAfter), retryAfter ? { 'Retry-After': String(retryAfter) } : {})
  }
  if (code === 'SERVICE_UNAVAILABLE') return sendPage(res, 503, unavailablePage())
  console.error('[portal] page failed:', (error as Error)?.message ?? error)
  sendPage(res, 500, errorPage())
}
