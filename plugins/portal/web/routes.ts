// The resident web portal, served by Keystone's own Express app under /portal: server-rendered pages,
// plain forms (no JavaScript needed), every post CSRF-checked, every page with the same security headers.
// Pages act with the visitor's own Keystone session, so the lists' access rules decide what they read.
import type { KeystoneContext } from '@keystone-6/core/types'
import { clientIp } from '../../../adapters/http/client-ip'
import { normalizeEmail, normalizeName } from '../../../schema/shared/normalize'
import { channels, messageTypes } from '../../../tasks/delivery/registry'
import { registryOf } from '../../kernel'
import '../../auth/sign-in-limits' // the registry's `signInLimits` (the auth plugin's, shared with the Admin UI sign-in)
import { acceptInvitation, openInvitationLink, type AcceptDeps } from '../accept'
import type { PortalLimiters } from '../limits'
import { passwordProblems } from '../password-policy'
import { checkCredentials, verifyPassword } from '../signin'
import { csrfToken, csrfValid } from './csrf'
import { BadForm, isCrossSite, readForm, redirect, sendPage } from './http'
import { layout, type Section } from './layout'
import { dashboardBody, loadNotices, loadUnits } from './pages/dashboard'
import { deadLinkPage, needsHelpPage, setupPage } from './pages/invite'
import { messagesBody } from './pages/messages'
import { badRequestPage, errorPage, notFoundPage, staffPage, tooManyPage, unavailablePage } from './pages/notices'
import { loadPreferences, notificationsBody, preferenceKeys, savePreferences } from './pages/notifications'
import { profileBody } from './pages/profile'
import { signinPage, STAFF_ACCOUNT, WRONG_CREDENTIALS } from './pages/signin'
import { PORTAL_CSS } from './styles'
import { endSession, startSession, viewerOf, type Viewer } from './viewer'

export type WebDeps = {
  accept: AcceptDeps
  csrfKey: string
  limits: PortalLimiters
  publicUrl: string
}

type Ctx = KeystoneContext<any>
type Resident = Extract<Viewer, { kind: 'resident' }>
type Handler = (req: any, res: any, ctx: Ctx) => Promise<void>

const signInLimits = (ctx: Ctx) => registryOf(ctx).one('signInLimits')

class CsrfRefused extends Error {
  name = 'CsrfRefused'
}

export function portalRoutes(deps: WebDeps) {
  return (app: any, context: Ctx) => {
    const minLength = deps.accept.policy.minLength

    /** Every page: a request context (the visitor's session), and one place where failures become pages. */
    const page = (handler: Handler) => async (req: any, res: any) => {
      try {
        await handler(req, res, await context.withRequest(req, res))
      } catch (error) {
        failed(res, error)
      }
    }

    /** A form post: same-site, CSRF token bound to the visitor, then the fields. */
    const posted = async (req: any, ctx: Ctx) => {
      if (isCrossSite(req, deps.publicUrl)) throw new CsrfRefused()
      const form = await readForm(req)
      const viewer = viewerOf(ctx)
      if (!csrfValid(req, deps.csrfKey, form._csrf, viewer.kind === 'resident' ? viewer.userId : undefined)) throw new CsrfRefused()
      return form
    }

    /** Resident pages: anonymous visitors go to sign in, staff sessions never act here. */
    const residentPage = (handler: (req: any, res: any, ctx: Ctx, resident: Resident) => Promise<void>) =>
      page(async (req, res, ctx) => {
        const viewer = viewerOf(ctx)
        if (viewer.kind === 'anonymous') return redirect(res, '/portal/signin')
        if (viewer.kind === 'staff') return sendPage(res, 403, staffPage())
        return handler(req, res, ctx, viewer)
      })

    const shell = (req: any, res: any, resident: Resident, section: Section, title: string, body: any) =>
      layout({ title, body, resident: { name: resident.name, csrf: csrfToken(req, res, deps.csrfKey, resident.userId), section } })

    app.get('/portal/assets/portal.css', (_req: any, res: any) => {
      res.set({ 'Cache-Control': 'public, max-age=3600', 'X-Content-Type-Options': 'nosniff' }).type('text/css').send(PORTAL_CSS)
    })

    // --- home ------------------------------------------------------------------------------------
    app.get(
      '/portal',
      residentPage(async (req, res, ctx, resident) => {
        const [units, notices] = await Promise.all([loadUnits(ctx), loadNotices(ctx, messageTypes(registryOf(ctx)))])
        const body = dashboardBody({ name: resident.name, units, notices, welcome: req.query.welcome === '1' })
        sendPage(res, 200, shell(req, res, resident, 'dashboard', 'Home', body))
      })
    )

    // --- sign in and out -------------------------------------------------------------------------
    app.get(
      '/portal/signin',
      page(async (req, res, ctx) => {
        const viewer = viewerOf(ctx)
        if (viewer.kind === 'resident') return redirect(res, '/portal')
        if (viewer.kind === 'staff') return sendPage(res, 403, staffPage())
        const notice = req.query.signedOut === '1' ? 'You are signed out.' : undefined
        sendPage(res, 200, signinPage({ csrf: csrfToken(req, res, deps.csrfKey), notice }))
      })
    )
    app.post(
      '/portal/signin',
      page(async (req, res, ctx) => {
        const form = await posted(req, ctx)
        const email = String(form.email ?? '').trim()
        const account = normalizeEmail(email) ?? email.toLowerCase()
        const check = await signInLimits(ctx).attempt(ctx, account, () => checkCredentials(ctx, email, String(form.password ?? '')), result => result.kind === 'resident')
        if (check.kind === 'resident') {
          await startSession(ctx, check.userId)
          return redirect(res, '/portal')
        }
        const problems = [check.kind === 'staff' ? STAFF_ACCOUNT : WRONG_CREDENTIALS]
        sendPage(res, check.kind === 'staff' ? 403 : 401, signinPage({ csrf: csrfToken(req, res, deps.csrfKey), email, problems }))
      })
    )
    app.post(
      '/portal/signout',
      page(async (req, res, ctx) => {
        await posted(req, ctx)
        if (viewerOf(ctx).kind === 'resident') await endSession(ctx)
        redirect(res, '/portal/signin?signedOut=1')
      })
    )

    // --- the invitation link -----------------------------------------------------------------------
    const inviteAction = (token: string) => `/portal/invite/${encodeURIComponent(token)}`
    app.get(
      '/portal/invite/:token',
      page(async (req, res, ctx) => {
        await deps.limits.inviteCheck(clientIp(ctx))
        const viewer = viewerOf(ctx)
        if (viewer.kind === 'staff') return sendPage(res, 403, staffPage())
        const state = await openInvitationLink(deps.accept, ctx, req.params.token)
        if (state.kind !== 'valid') {
          const dead = deadLinkPage(state)
          return sendPage(res, dead.status, dead.document)
        }
        const csrf = csrfToken(req, res, deps.csrfKey, viewer.kind === 'resident' ? viewer.userId : undefined)
        sendPage(res, 200, setupPage(state.view, { csrf, minLength, action: inviteAction(req.params.token) }))
      })
    )
    app.post(
      '/portal/invite/:token',
      page(async (req, res, ctx) => {
        await deps.limits.inviteCheck(clientIp(ctx))
        const form = await posted(req, ctx)
        const viewer = viewerOf(ctx)
        if (viewer.kind === 'staff') return sendPage(res, 403, staffPage())
        const result = await acceptInvitation(deps.accept, ctx, {
          token: req.params.token,
          password: String(form.password ?? ''),
          confirmation: String(form.confirmation ?? ''),
        })
        switch (result.kind) {
          case 'accepted':
            await startSession(ctx, result.userId)
            return redirect(res, '/portal?welcome=1')
          case 'weakPassword': {
            const csrf = csrfToken(req, res, deps.csrfKey, viewer.kind === 'resident' ? viewer.userId : undefined)
            return sendPage(res, 422, setupPage(result.view, { csrf, minLength, action: inviteAction(req.params.token), problems: result.problems }))
          }
          case 'needsHelp':
            return sendPage(res, 409, needsHelpPage(result.view))
          default: {
            const dead = deadLinkPage(result)
            return sendPage(res, dead.status, dead.document)
          }
        }
      })
    )

    // --- messages, notifications, profile ------------------------------------------------------------------
    app.get(
      '/portal/messages',
      residentPage(async (req, res, _ctx, resident) => sendPage(res, 200, shell(req, res, resident, 'messages', 'Messages', messagesBody())))
    )

    const preferencesOf = (ctx: Ctx, resident: Resident) => loadPreferences(ctx, resident.userId, preferenceKeys(channels(registryOf(ctx))))
    app.get(
      '/portal/notifications',
      residentPage(async (req, res, ctx, resident) => {
        const body = notificationsBody(await preferencesOf(ctx, resident), { csrf: csrfToken(req, res, deps.csrfKey, resident.userId), saved: req.query.saved === '1' })
        sendPage(res, 200, shell(req, res, resident, 'notifications', 'Notifications', body))
      })
    )
    app.post(
      '/portal/notifications',
      residentPage(async (req, res, ctx, resident) => {
        const form = await posted(req, ctx)
        await savePreferences(ctx, await preferencesOf(ctx, resident), form)
        redirect(res, '/portal/notifications?saved=1')
      })
    )

    const profileOf = async (ctx: Ctx, resident: Resident) => {
      const user = await (ctx.sudo().prisma as any).user.findUnique({ where: { id: resident.userId }, select: { name: true, email: true, phone: true, password: true } })
      return user as { name: string; email: string | null; phone: string | null; password: string | null }
    }
    const renderProfile = async (req: any, res: any, ctx: Ctx, resident: Resident, status: number, extra: { notice?: string; nameProblems?: string[]; passwordProblems?: string[] } = {}) => {
      const body = profileBody(await profileOf(ctx, resident), { csrf: csrfToken(req, res, deps.csrfKey, resident.userId), minLength, ...extra })
      sendPage(res, status, shell(req, res, resident, 'profile', 'Profile', body))
    }
    app.get(
      '/portal/profile',
      residentPage((req, res, ctx, resident) => {
        const notice = req.query.saved === 'name' ? 'Your name is saved.' : req.query.saved === 'password' ? 'Your password is changed.' : undefined
        return renderProfile(req, res, ctx, resident, 200, { notice })
      })
    )
    app.post(
      '/portal/profile',
      residentPage(async (req, res, ctx, resident) => {
        const form = await posted(req, ctx)
        const name = normalizeName(String(form.name ?? ''))
        if (!name || name.length > 200) return renderProfile(req, res, ctx, resident, 422, { nameProblems: ['Give your name (at most 200 characters).'] })
        // with the resident's own session: the User list's rules decide, as for the app
        await ctx.db.User.updateOne({ where: { id: resident.userId }, data: { name } })
        redirect(res, '/portal/profile?saved=name')
      })
    )
    app.post(
      '/portal/profile/password',
      residentPage(async (req, res, ctx, resident) => {
        const form = await posted(req, ctx)
        const user = await profileOf(ctx, resident)
        // checking the current password checks a secret: the sign-in limits apply
        const current = String(form.current ?? '')
        const correct = await signInLimits(ctx).attempt(ctx, user.email ?? resident.userId, () => verifyPassword(ctx, current, user.password), ok => ok)
        if (!correct) {
          return renderProfile(req, res, ctx, resident, 422, { passwordProblems: ['The current password is not correct.'] })
        }
        const password = String(form.password ?? '')
        const problems = passwordProblems(deps.accept.policy, password, String(form.confirmation ?? ''), [user.email ?? '', user.name])
        if (problems.length) return renderProfile(req, res, ctx, resident, 422, { passwordProblems: problems })
        // the system sets it (residents cannot write User.password through the API); a new password ends
        // every session of the user (auth plugin), so this device gets a fresh one
        await ctx.sudo().db.User.updateOne({ where: { id: resident.userId }, data: { password } })
        await startSession(ctx, resident.userId)
        redirect(res, '/portal/profile?saved=password')
      })
    )

    // anything else under /portal
    app.use('/portal', (_req: any, res: any) => sendPage(res, 404, notFoundPage()))
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

