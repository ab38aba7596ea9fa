// The resident web portal, served by Keystone's own Express app under /portal: server-rendered pages and
// plain forms (no JavaScript needed). Pages act with the visitor's own session, so the lists' access
// rules decide what they read; router.ts holds what every route shares.
import type { KeystoneContext } from '@keystone-6/core/types'
import { sendPage } from './http'
import { notFoundPage } from './pages/notices'
import { portalRouter, type WebDeps } from './router'
import { inviteRoutes } from './routes/invite'
import { profileRoutes } from './routes/profile'
import { residentRoutes } from './routes/resident'
import { sessionRoutes } from './routes/session'
import { PORTAL_CSS } from './styles'

export type { WebDeps } from './router'

export function portalRoutes(deps: WebDeps) {
  return (app: any, context: KeystoneContext<any>) => {
    const router = portalRouter(context, deps)
    app.get('/portal/assets/portal.css', (_req: any, res: any) => {
      res.set({ 'Cache-Control': 'public, max-age=3600', 'X-Content-Type-Options': 'nosniff' }).type('text/css').send(PORTAL_CSS)
    })
    residentRoutes(app, router)
    sessionRoutes(app, router)
    inviteRoutes(app, router)
    profileRoutes(app, router)
    // anything else under /portal
    app.use('/portal', (_req: any, res: any) => sendPage(res, 404, notFoundPage()))
  }
}
