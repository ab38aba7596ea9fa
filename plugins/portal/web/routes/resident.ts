// The resident's own pages: home (units and notices), messages, notification settings.
import { channels, messageTypes } from '../../../../tasks/delivery/registry'
import { registryOf } from '../../../kernel'
import { redirect, sendPage } from '../http'
import { dashboardBody, loadNotices, loadUnits } from '../pages/dashboard'
import { loadConversations, loadThread, messagesBody, sendReply, threadBody } from '../pages/messages'
import { loadPreferences, notificationsBody, preferenceKeys, savePreferences } from '../pages/notifications'
import type { Ctx, PortalRouter, Resident } from '../router'

export function residentRoutes(app: any, router: PortalRouter) {
  app.get(
    '/portal',
    router.residentPage(async (req, res, ctx, resident) => {
      const [units, notices] = await Promise.all([loadUnits(ctx), loadNotices(ctx, messageTypes(registryOf(ctx)))])
      const body = dashboardBody({ name: resident.name, units, notices, welcome: req.query.welcome === '1' })
      sendPage(res, 200, router.shell(req, res, resident, 'dashboard', 'Home', body))
    })
  )

  app.get(
    '/portal/messages',
    router.residentPage(async (req, res, ctx, resident) => sendPage(res, 200, router.shell(req, res, resident, 'messages', 'Messages', messagesBody(await loadConversations(ctx)))))
  )
  // one conversation (the notification's link); a thread the resident may not see is a 404
  const showThread = async (req: any, res: any, ctx: Ctx, resident: Resident, problems?: string[]) => {
    const found = await loadThread(ctx, String(req.params.id)).catch(() => null)
    if (!found) return sendPage(res, 404, router.shell(req, res, resident, 'messages', 'Messages', messagesBody([])))
    const body = threadBody(found, { csrf: router.csrf(req, res, ctx), problems })
    sendPage(res, problems?.length ? 400 : 200, router.shell(req, res, resident, 'messages', found.subject, body))
  }
  app.get('/portal/messages/:id', router.residentPage((req, res, ctx, resident) => showThread(req, res, ctx, resident)))
  app.post(
    '/portal/messages/:id',
    router.residentPage(async (req, res, ctx, resident) => {
      const form = await router.posted(req, ctx)
      const problem = await sendReply(ctx, String(req.params.id), String(form.body ?? ''))
      if (!problem) return redirect(res, `/portal/messages/${encodeURIComponent(String(req.params.id))}`)
      await showThread(req, res, ctx, resident, [problem])
    })
  )

  const preferencesOf = (ctx: Ctx, resident: Resident) => loadPreferences(ctx, resident.userId, preferenceKeys(channels(registryOf(ctx))))
  app.get(
    '/portal/notifications',
    router.residentPage(async (req, res, ctx, resident) => {
      const body = notificationsBody(await preferencesOf(ctx, resident), { csrf: router.csrf(req, res, ctx), saved: req.query.saved === '1' })
      sendPage(res, 200, router.shell(req, res, resident, 'notifications', 'Notifications', body))
    })
  )
  app.post(
    '/portal/notifications',
    router.residentPage(async (req, res, ctx, resident) => {
      const form = await router.posted(req, ctx)
      await savePreferences(ctx, await preferencesOf(ctx, resident), form)
      redirect(res, '/portal/notifications?saved=1')
    })
  )
}
