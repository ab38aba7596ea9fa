// The resident's own pages: home (units and notices), messages, notification settings.
import { channels, messageTypes } from '../../../../tasks/delivery/registry'
import { registryOf } from '../../../kernel'
import { redirect, sendPage } from '../http'
import { announcementsBody, loadAnnouncements, markAnnouncementRead } from '../pages/announcements'
import { dashboardBody, loadNotices, loadUnits } from '../pages/dashboard'
import { messagesBody } from '../pages/messages'
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
    '/portal/announcements',
    router.residentPage(async (req, res, ctx, resident) => {
      const body = announcementsBody(await loadAnnouncements(ctx), router.csrf(req, res, ctx))
      sendPage(res, 200, router.shell(req, res, resident, 'announcements', 'Announcements', body))
    })
  )
  app.post(
    '/portal/announcements/read',
    router.residentPage(async (req, res, ctx) => {
      const form = await router.posted(req, ctx)
      // markMessageRead answers MESSAGE_NOT_FOUND for anyone else's: the page then shows as before
      await markAnnouncementRead(ctx, String(form.id ?? '')).catch(() => {})
      redirect(res, '/portal/announcements')
    })
  )

  app.get(
    '/portal/messages',
    router.residentPage(async (req, res, _ctx, resident) => sendPage(res, 200, router.shell(req, res, resident, 'messages', 'Messages', messagesBody())))
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
