import { residentLists, residentPrismaExtensions } from '../../schema/residents'
import { definePlugin } from '../kernel'
import { residentGraphql } from './graphql'
import { createLimits, type LimitOptions } from './limits'
import { deriveSecret } from './secrets'
import { sendCodeBySms, smsVerify } from './sms-verify'
import type { SendCode } from './verification'

export type ResidentsOptions = {
  sessionSecret: string
  /** How the code reaches the phone; default: the SMS_VERIFY message through the notification pipeline. */
  sendCode?: SendCode
  redisUrl?: string
  keyPrefix?: string
  limits?: Partial<LimitOptions>
  now?: () => Date
}

export function limitsFromEnv(env: NodeJS.ProcessEnv): Partial<LimitOptions> {
  const read = (name: string) => (env[name] ? Number(env[name]) : undefined)
  const limits = {
    smsPerPhonePerDay: read('CONFIRM_PHONE_SMS_PER_PHONE_PER_DAY'),
    smsPerIpPerDay: read('CONFIRM_PHONE_SMS_PER_IP_PER_DAY'),
    checksPerIpPerHour: read('CONFIRM_PHONE_CHECKS_PER_IP_PER_HOUR'),
  }
  for (const [key, value] of Object.entries(limits)) {
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new Error(`${key} must be a positive integer`)
  }
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined))
}

export const DEFAULT_LIMITS: LimitOptions = { smsPerPhonePerDay: 10, smsPerIpPerDay: 10, checksPerIpPerHour: 60 }

/** Residents: phone verification by SMS code and sign-in of resident users. */
export function residentsPlugin(options: ResidentsOptions) {
  const limits = createLimits({ ...DEFAULT_LIMITS, ...options.limits }, options.redisUrl, options.keyPrefix)
  const deps = { secret: deriveSecret(options.sessionSecret, 'confirm-phone-code'), limits, sendCode: options.sendCode ?? sendCodeBySms, now: options.now }
  return definePlugin({
    name: 'residents',
    requires: ['organizations', 'auth', 'contacts', 'notifications'],
    lists: residentLists,
    extendPrismaSchema: schema => residentPrismaExtensions.reduce((s, extend) => extend(s), schema),
    extendGraphqlSchema: residentGraphql(deps),
    contributes: { closers: [() => limits.close()], messageTypes: [smsVerify] },
  })
}
