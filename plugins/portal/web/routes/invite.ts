// The invitation link: the account setup page and its post (plugins/portal/accept.ts does the work).
// Opening and submitting links count per client address; a staff session never accepts.
import { clientIp } from '../../../../adapters/http/client-ip'
import { acceptInvitation, openInvitationLink } from '../../accept'
import { redirect, sendPage } from '../http'
import { deadLinkPage, needsHelpPage, setupPage } from '../pages/invite'
import { staffPage } from '../pages/notices'
import type { PortalRouter } from '../router'
import { startSession, viewerOf } from '../viewer'

const actionOf = (token: string) => `/portal/invite/${encodeURIComponent(token)}`

export function inviteRoutes(app: any, router: PortalRouter) {
  const { accept, limits } = router.deps
  const minLength = accept.policy.minLength

  app.get(
    '/portal/invite/:token',
    router.page(async (req, res, ctx) => {
      await limits.inviteCheck(clientIp(ctx))
      if (viewerOf(ctx).kind === 'staff') return sendPage(res, 403, staffPage())
      const state = await openInvitationLink(accept, ctx, req.params.token)
      if (state.kind !== 'valid') {
        const dead = deadLinkPage(state)
        return sendPage(res, dead.status, dead.document)
      }
      sendPage(res, 200, setupPage(state.view, { csrf: router.csrf(req, res, ctx), minLength, action: actionOf(req.params.token) }))
    })
  )

  app.post(
    '/portal/invite/:token',
    router.page(async (req, res, ctx) => {
      await limits.inviteCheck(clientIp(ctx))
      const form = await router.posted(req, ctx)
      if (viewerOf(ctx).kind === 'staff') return sendPage(res, 403, staffPage())
      const result = await acceptInvitation(accept, ctx, {
        token: req.params.token,
        password: String(form.password ?? ''),
        confirmation: String(form.confirmation ?? ''),
      })
      switch (result.kind) {
        case 'accepted':
          await startSession(ctx, result.userId)
          return redirect(res, '/portal?welcome=1')
        case 'weakPassword': {
          const form = { csrf: router.csrf(req, res, ctx), minLength, action: actionOf(req.params.token), problems: result.problems }
          return sendPage(res, 422, setupPage(result.view, form))
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
}
