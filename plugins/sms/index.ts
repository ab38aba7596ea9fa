// The SMS channel plugin: the `sms` channel (E.164 addresses, segment-checked text, unsubscribe link),
// its transports in priority order, and Twilio's delivery status webhook.
import { twilioFromEnv } from '../../adapters/sms/twilio'
import { vonageFromEnv } from '../../adapters/sms/vonage'
import type { TransportEnv } from '../../adapters/transport/http-errors'
import { LazyTransports, type TransportFactory } from '../../adapters/transport/lazy-transports'
import type { SmsContent, Transport } from '../../adapters/transport/types'
import { addCompositeIndex } from '../../schema/shared/prisma-schema'
import { definePlugin } from '../kernel'
import '../notifications/contributions'
import { smsChannel } from './channel'
import { TWILIO_STATUS_PATH, twilioStatusRoute, type TwilioStatusOptions } from './twilio-status-route'

export { SMS_CHANNEL } from './channel'
export { TWILIO_STATUS_PATH } from './twilio-status-route'

type SmsTransport = Transport<SmsContent, string>

export type SmsPluginOptions = {
  /** In priority order; a factory returning undefined (not configured) is left out. */
  transports: readonly TransportFactory<SmsTransport>[]
  maxSegments?: number
  /** Set to serve Twilio's status callback (needs the auth token and the public URL Twilio calls). */
  twilioStatus?: TwilioStatusOptions
}

export const DEFAULT_MAX_SMS_SEGMENTS = 3

export function smsPlugin(options: SmsPluginOptions) {
  const transports = new LazyTransports(options.transports)
  const maxSegments = options.maxSegments ?? DEFAULT_MAX_SMS_SEGMENTS
  return definePlugin({
    name: 'sms',
    requires: ['notifications'],
    // the status webhook finds the delivery by the provider's id
    extendPrismaSchema: addCompositeIndex('MessageDelivery', ['transport', 'providerMessageId']),
    extendExpressApp: options.twilioStatus ? (app, context) => twilioStatusRoute(app, context, options.twilioStatus!) : undefined,
    contributes: {
      channels: [smsChannel({ transports, maxSegments })],
      closers: [() => transports.close()],
    },
  })
}

/** Providers by the name SMS_TRANSPORTS uses; a new provider is one more entry here. */
const SMS_PROVIDERS: Record<string, (env: TransportEnv) => SmsTransport | undefined> = {
  twilio: twilioFromEnv,
  vonage: vonageFromEnv,
}

/** SMS_TRANSPORTS (default "twilio,vonage"), SMS_MAX_SEGMENTS (default 3), each provider's own variables, PUBLIC_URL. */
export function smsPluginFromEnv(env: TransportEnv) {
  const names = (env.SMS_TRANSPORTS?.trim() || Object.keys(SMS_PROVIDERS).join(','))
    .split(',')
    .map(name => name.trim())
    .filter(Boolean)
  for (const name of names) {
    if (!SMS_PROVIDERS[name]) throw new Error(`SMS_TRANSPORTS names "${name}", which is not an SMS provider (known: ${Object.keys(SMS_PROVIDERS).join(', ')})`)
  }
  const statusUrl = env.TWILIO_STATUS_CALLBACK_URL?.trim() || (env.PUBLIC_URL?.trim() ? `${env.PUBLIC_URL.trim().replace(/\/+$/, '')}${TWILIO_STATUS_PATH}` : undefined)
  const withCallback = { ...env, TWILIO_STATUS_CALLBACK_URL: statusUrl }
  const rawMax = env.SMS_MAX_SEGMENTS?.trim()
  const maxSegments = rawMax ? Number(rawMax) : DEFAULT_MAX_SMS_SEGMENTS
  if (!Number.isInteger(maxSegments) || maxSegments < 1 || maxSegments > 10) throw new Error(`SMS_MAX_SEGMENTS must be an integer from 1 to 10 (got "${rawMax}")`)
  const twilioOn = names.includes('twilio') && !!(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM)
  return smsPlugin({
    transports: names.map(name => () => SMS_PROVIDERS[name](withCallback)),
    maxSegments,
    twilioStatus: twilioOn && statusUrl ? { authToken: env.TWILIO_AUTH_TOKEN!, url: statusUrl } : undefined,
  })
}
