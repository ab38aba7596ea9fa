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

type SmsProviderFactory = (env: TransportEnv) => SmsTransport | undefined

/** Providers by the name SMS_TRANSPORTS uses; a new provider is one more entry here. */
export const SMS_PROVIDERS: Readonly<Record<string, SmsProviderFactory>> = {
  twilio: twilioFromEnv,
  vonage: vonageFromEnv,
}

/**
 * The priority order when SMS_TRANSPORTS is unset: the providers that shipped first, fixed. A provider
 * added to SMS_PROVIDERS later is used where SMS_TRANSPORTS names it, so adding one never reorders the
 * fallbacks of a deployment that relied on the default.
 */
export const DEFAULT_SMS_TRANSPORTS: readonly string[] = ['twilio', 'vonage']

/** SMS_TRANSPORTS (default DEFAULT_SMS_TRANSPORTS), SMS_MAX_SEGMENTS (default 3), each provider's own variables, PUBLIC_URL. */
export function smsPluginFromEnv(env: TransportEnv, providers: Readonly<Record<string, SmsProviderFactory>> = SMS_PROVIDERS) {
  const listed = env.SMS_TRANSPORTS?.trim()
  const names = (listed ? listed.split(',') : DEFAULT_SMS_TRANSPORTS).map(name => name.trim()).filter(Boolean)
  for (const name of names) {
    if (!providers[name]) throw new Error(`SMS_TRANSPORTS names "${name}", which is not an SMS provider (known: ${Object.keys(providers).join(', ')})`)
  }
  const statusUrl = env.TWILIO_STATUS_CALLBACK_URL?.trim() || (env.PUBLIC_URL?.trim() ? `${env.PUBLIC_URL.trim().replace(/\/+$/, '')}${TWILIO_STATUS_PATH}` : undefined)
  const withCallback = { ...env, TWILIO_STATUS_CALLBACK_URL: statusUrl }
  if (!listed) refuseUnlistedConfigured(providers, names, withCallback)
  const rawMax = env.SMS_MAX_SEGMENTS?.trim()
  const maxSegments = rawMax ? Number(rawMax) : DEFAULT_MAX_SMS_SEGMENTS
  if (!Number.isInteger(maxSegments) || maxSegments < 1 || maxSegments > 10) throw new Error(`SMS_MAX_SEGMENTS must be an integer from 1 to 10 (got "${rawMax}")`)
  const twilioOn = names.includes('twilio') && !!(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM)
  return smsPlugin({
    transports: names.map(name => () => providers[name](withCallback)),
    maxSegments,
    twilioStatus: twilioOn && statusUrl ? { authToken: env.TWILIO_AUTH_TOKEN!, url: statusUrl } : undefined,
  })
}

/**
 * A provider whose variables are set but which the default order leaves out would be silently unused:
 * stop start-up and ask for SMS_TRANSPORTS instead. (Factories only read variables; none connects.)
 */
function refuseUnlistedConfigured(providers: Readonly<Record<string, SmsProviderFactory>>, names: readonly string[], env: TransportEnv) {
  const unlisted = Object.keys(providers).filter(name => !names.includes(name) && providers[name](env) !== undefined)
  if (unlisted.length === 0) return
  const suggestion = [...names.filter(name => providers[name](env) !== undefined), ...unlisted].join(',')
  throw new Error(
    `The SMS provider${unlisted.length > 1 ? 's' : ''} ${unlisted.map(n => `"${n}"`).join(', ')} ${unlisted.length > 1 ? 'are' : 'is'} configured but not in the default ` +
      `order (${DEFAULT_SMS_TRANSPORTS.join(',')}): set SMS_TRANSPORTS to the providers in priority order, e.g. SMS_TRANSPORTS=${suggestion}`
  )
}
