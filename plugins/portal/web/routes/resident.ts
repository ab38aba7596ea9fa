// The resident's own pages: home (units and notices), messages, notification settings.
import { channels, messageTypes } from '../../../../tasks/delivery/registry'
import { registryOf } from '../../../kernel'
import { redirect, sendPage } from '../http'
import { announcementsBody, loadAnnouncements, markAnnouncementRead } from '../pages/announcements'
import { dashboardBody, loadNotices, loadUnits } from '../pages/dashboard'
import { inboxBody, loadInbox, loadThread, messagesInstalledOr, refusalOf, reply, startConversation, threadBody } from '../pages/messages'
import { notFoundPage } from '../pages/notices'
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

  messageRoutes(app, router)

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

/** The Messages area: the inbox with a form to start a conversation, and a thread with a reply form. */
function messageRoutes(app: any, router: PortalRouter) {
  const inboxPage = async (req: any, res: any, ctx: Ctx, resident: Resident, status: number, form: { problems?: string[]; values?: Record<string, string> } = {}) => {
    const body = messagesInstalledOr(ctx, async () => inboxBody(await loadInbox(ctx), { csrf: router.csrf(req, res, ctx), ...form }))
    sendPage(res, status, router.shell(req, res, resident, 'messages', 'Messages', await body))
  }
  const threadPage = async (req: any, res: any, ctx: Ctx, resident: Resident, status: number, form: { problems?: string[]; body?: string } = {}) => {
    const thread = await loadThread(ctx, String(req.params.id))
    if (!thread) return sendPage(res, 404, notFoundPage())
    sendPage(res, status, router.shell(req, res, resident, 'messages', thread.subject, threadBody(thread, { csrf: router.csrf(req, res, ctx), ...form })))
  }

  app.get('/portal/messages', router.residentPage((req, res, ctx, resident) => inboxPage(req, res, ctx, resident, 200)))
  app.post(
    '/portal/messages',
    router.residentPage(async (req, res, ctx, resident) => {
      const form = await router.posted(req, ctx)
      try {
        redirect(res, `/portal/messages/${encodeURIComponent(await startConversation(ctx, form))}`)
      } catch (error) {
        const refusal = refusalOf(error)
        if (!refusal) throw error
        await inboxPage(req, res, ctx, resident, 400, { problems: [refusal], values: form })
      }
    })
  )
  app.get('/portal/messages/:id', router.residentPage((req, res, ctx, resident) => threadPage(req, res, ctx, resident, 200)))
  app.post(
    '/portal/messages/:id',
    router.residentPage(async (req, res, ctx, resident) => {
      const form = await router.posted(req, ctx)
      try {
        await reply(ctx, String(req.params.id), form.body ?? '')
        redirect(res, `/portal/messages/${encodeURIComponent(String(req.params.id))}`)
      } catch (error) {
        const refusal = refusalOf(error)
        if (!refusal) throw error
        await threadPage(req, res, ctx, resident, 400, { problems: [refusal], body: form.body })
      }
    })
  )
}
