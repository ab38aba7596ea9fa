// Applies a signed unsubscribe link: the only writer of NotificationAnonymousSetting. Served as a
// GraphQL mutation (apps) and as POST /api/notifications/unsubscribe (the link in emails and SMS; GET
// shows a confirmation page, because mail scanners open links and must not unsubscribe anyone), and
// the short SMS link /u/<code> the same way (its claim is stored under the code).
import type { KeystoneContext } from '@keystone-6/core/types'
import { anonymousSettingKey, settingKey } from '../../schema/notifications/settings'
import { typedError } from '../../schema/shared/errors'
import type { NotificationOptions } from '../../tasks/delivery/contracts'
import { UnsubscribeLinkError, verifyUnsubscribeToken, type UnsubscribeClaim } from '../../tasks/delivery/unsubscribe-link'
import { findShortLinkClaim, SHORT_UNSUBSCRIBE_PATH } from '../../tasks/delivery/unsubscribe-short-link'

export async function applyUnsubscribeToken(context: KeystoneContext<any>, options: NotificationOptions, token: string): Promise<UnsubscribeClaim> {
  let claim: UnsubscribeClaim
  try {
    claim = verifyUnsubscribeToken(options.unsubscribe.secret, token)
  } catch (error) {
    if (!(error instanceof UnsubscribeLinkError)) throw error
    if (error.reason === 'expired') throw typedError('UNSUBSCRIBE_LINK_EXPIRED', 'This unsubscribe link has expired; use the link in a newer message')
    throw typedError('UNSUBSCRIBE_LINK_INVALID', 'This unsubscribe link is not valid')
  }
  return applyUnsubscribeClaim(context, claim)
}

/** The short link's code: its stored claim, refused when unknown or expired. */
export async function applyUnsubscribeCode(context: KeystoneContext<any>, code: string): Promise<UnsubscribeClaim> {
  const claim = await findShortLinkClaim(context.prisma, code)
  if (claim === 'expired') throw typedError('UNSUBSCRIBE_LINK_EXPIRED', 'This unsubscribe link has expired; use the link in a newer message')
  if (!claim) throw typedError('UNSUBSCRIBE_LINK_INVALID', 'This unsubscribe link is not valid')
  return applyUnsubscribeClaim(context, claim)
}

/** Writes the opt-out a verified claim asks for. */
async function applyUnsubscribeClaim(context: KeystoneContext<any>, claim: UnsubscribeClaim): Promise<UnsubscribeClaim> {
  const dash = claim.recipientKey.indexOf('-')
  const kind = claim.recipientKey.slice(0, dash)
  const value = claim.recipientKey.slice(dash + 1)
  const prisma = context.prisma as any
  if (kind === 'user') {
    const key = settingKey(value, claim.messageType, claim.channel)
    const exists = await prisma.user.count({ where: { id: value } })
    if (exists) {
      await prisma.notificationUserSetting.upsert({
        where: { settingKey: key },
        create: { settingKey: key, userId: value, messageType: claim.messageType, channel: claim.channel, isEnabled: false },
        update: { isEnabled: false },
      })
    }
  } else if (kind === 'phone' || kind === 'email') {
    const address = { [kind]: value }
    const key = anonymousSettingKey(address, claim.messageType)
    await prisma.notificationAnonymousSetting.upsert({
      where: { settingKey: key },
      create: { settingKey: key, ...address, messageType: claim.messageType, isEnabled: false },
      update: { isEnabled: false },
    })
  } else {
    throw typedError('UNSUBSCRIBE_LINK_INVALID', 'This unsubscribe link is not valid')
  }
  return claim
}

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>` +
  `<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto"><h1>${title}</h1>${body}</body></html>`

export function unsubscribeRoutes(app: any, context: KeystoneContext<any>, options: NotificationOptions) {
  const path = '/api/notifications/unsubscribe'
  const tokenOf = (req: any) => encodeURIComponent(String(req.query.token ?? ''))
  confirmRoute(app, path, req => `${path}?token=${tokenOf(req)}`, req => applyUnsubscribeToken(context.sudo(), options, String(req.query.token ?? '')))
  const short = `${SHORT_UNSUBSCRIBE_PATH}/:code`
  const codeOf = (req: any) => String(req.params.code ?? '')
  confirmRoute(app, short, req => `${SHORT_UNSUBSCRIBE_PATH}/${encodeURIComponent(codeOf(req))}`, req => applyUnsubscribeCode(context.sudo(), codeOf(req)))
}

/** GET: a confirmation form posting to `action`; POST: `apply`, then a result page. */
function confirmRoute(app: any, path: string, action: (req: any) => string, apply: (req: any) => Promise<unknown>) {
  app.get(path, (req: any, res: any) => {
    res
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(page('Unsubscribe', `<form method="post" action="${action(req)}"><p>Stop receiving these messages?</p><button type="submit">Unsubscribe</button></form>`))
  })
  app.post(path, async (req: any, res: any) => {
    try {
      await apply(req)
      res.set('Cache-Control', 'no-store').type('html').send(page('Unsubscribed', '<p>You will not receive these messages any more.</p>'))
    } catch (error) {
      const code = (error as any)?.extensions?.code
      if (!code) {
        console.error('[notifications] unsubscribe failed:', (error as Error).message)
        return res.status(500).type('html').send(page('Something went wrong', '<p>Please try again later.</p>'))
      }
      res.status(code === 'UNSUBSCRIBE_LINK_EXPIRED' ? 410 : 400).type('html').send(page('Cannot unsubscribe', `<p>${(error as Error).message}</p>`))
    }
  })
}
