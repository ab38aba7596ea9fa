// Sign in and out. Password checks count in the auth plugin's sign-in limits (shared with the Admin UI).
import { normalizeEmail } from '../../../../schema/shared/normalize'
import { registryOf } from '../../../kernel'
import '../../../auth/sign-in-limits' // declares the registry's `signInLimits`
import { checkCredentials } from '../../signin'
import { redirect, sendPage } from '../http'
import { staffPage } from '../pages/notices'
import { signinPage, STAFF_ACCOUNT, WRONG_CREDENTIALS } from '../pages/signin'
import type { Ctx, PortalRouter } from '../router'
import { endSession, startSession, viewerOf } from '../viewer'

export const signInLimits = (ctx: Ctx) => registryOf(ctx).one('signInLimits')

export function sessionRoutes(app: any, router: PortalRouter) {
  app.get(
    '/portal/signin',
    router.page(async (req, res, ctx) => {
      const viewer = viewerOf(ctx)
      if (viewer.kind === 'resident') return redirect(res, '/portal')
      if (viewer.kind === 'staff') return sendPage(res, 403, staffPage())
      const notice = req.query.signedOut === '1' ? 'You are signed out.' : undefined
      sendPage(res, 200, signinPage({ csrf: router.csrf(req, res, ctx), notice }))
    })
  )

  app.post(
    '/portal/signin',
    router.page(async (req, res, ctx) => {
      const form = await router.posted(req, ctx)
      const email = String(form.email ?? '').trim()
      const account = normalizeEmail(email) ?? email.toLowerCase()
      const password = String(form.password ?? '')
      const check = await signInLimits(ctx).attempt(ctx, account, () => checkCredentials(ctx, email, password), result => result.kind === 'resident')
      if (check.kind === 'resident') {
        await startSession(ctx, check.userId)
        return redirect(res, '/portal')
      }
      const problems = [check.kind === 'staff' ? STAFF_ACCOUNT : WRONG_CREDENTIALS]
      sendPage(res, check.kind === 'staff' ? 403 : 401, signinPage({ csrf: router.csrf(req, res, ctx), email, problems }))
    })
  )

  app.post(
    '/portal/signout',
    router.page(async (req, res, ctx) => {
      await router.posted(req, ctx)
      if (viewerOf(ctx).kind === 'resident') await endSession(ctx)
      redirect(res, '/portal/signin?signedOut=1')
    })
  )
}
