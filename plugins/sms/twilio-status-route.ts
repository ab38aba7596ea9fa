// POST /api/webhooks/twilio/status: Twilio's delivery status callback. The signature is checked with
// Twilio's own validator against the public URL Twilio was told to call; a forged or unsigned request gets
// 403 and changes nothing. 'delivered' (and 'read') set the Message's deliveredAt and status; 'failed' and
// 'undelivered' are recorded on the delivery row. Unknown message ids are acknowledged (Twilio retries non-2xx).
import type { KeystoneContext } from '@keystone-6/core/types'
import { parseTwilioStatusCallback } from '../../adapters/sms/twilio-webhook'
import { readBody } from '../../adapters/http/read-body'
import { describeHttpError, sendJsonError } from '../../adapters/http/json-error'

export const TWILIO_STATUS_PATH = '/api/webhooks/twilio/status'

export type TwilioStatusOptions = {
  authToken: string
  /** The exact StatusCallback URL (PUBLIC_URL + TWILIO_STATUS_PATH unless configured otherwise). */
  url: string
}

const MAX_BODY = 64 * 1024

async function formBody(req: any): Promise<Record<string, string>> {
  const body = await readBody(req, MAX_BODY)
  return typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : (body as Record<string, string>)
}

export function twilioStatusRoute(app: any, context: KeystoneContext<any>, options: TwilioStatusOptions) {
  app.post(TWILIO_STATUS_PATH, async (req: any, res: any) => {
    let params: Record<string, string>
    try {
      params = await formBody(req)
    } catch (error) {
      const { status, code, message } = describeHttpError(error)
      return sendJsonError(res, status, code, message)
    }
    const callback = parseTwilioStatusCallback({ authToken: options.authToken, url: options.url, signature: req.get('x-twilio-signature'), params })
    if (!callback.valid) return res.status(403).type('text').send('Forbidden')
    try {
      await applyStatus(context.sudo().prisma, callback.messageSid, callback.status, callback.errorCode)
      res.status(204).end()
    } catch (error) {
      console.error('[sms] Twilio status callback failed:', (error as Error).message)
      res.status(500).end() // Twilio retries
    }
  })
}

async function applyStatus(prisma: any, sid: string, status: string, errorCode?: number) {
  const delivery = await prisma.messageDelivery.findFirst({ where: { transport: 'twilio', providerMessageId: sid }, select: { id: true, messageId: true } })
  if (!delivery?.messageId) return
  if (status === 'delivered' || status === 'read') {
    const now = new Date()
    // status only moves forward: a message the resident already read stays 'read'
    await prisma.message.updateMany({ where: { id: delivery.messageId, status: 'sent' }, data: { status: 'delivered' } })
    await prisma.message.updateMany({ where: { id: delivery.messageId, deliveredAt: null }, data: { deliveredAt: now } })
  } else if (status === 'failed' || status === 'undelivered') {
    await prisma.messageDelivery.update({ where: { id: delivery.id }, data: { error: `Twilio reported ${status}${errorCode ? ` (${errorCode})` : ''}` } })
  }
}
