import { residentLists, residentPrismaExtensions } from '../../schema/residents'
import { definePlugin } from '../kernel'
import { residentGraphql } from './graphql'
import { createLimits, type LimitOptions } from './limits'
import { deriveSecret } from './secrets'
import type { SendCode } from './verification'

export type ResidentsOptions = {
  sessionSecret: string
  sendCode: SendCode
  redisUrl?: string
  keyPrefix?: string
  limits?: Partial<LimitOptions>
  now?: () => Date
}

export const DEFAULT_LIMITS: LimitOptions = { smsPerPhonePerDay: 10, smsPerIpPerDay: 10, checksPerIpPerHour: 60 }

/** Residents: phone verification by SMS code and sign-in of resident users. */
export function residentsPlugin(options: ResidentsOptions) {
  const limits = createLimits({ ...DEFAULT_LIMITS, ...options.limits }, options.redisUrl, options.keyPrefix)
  const deps = { secret: deriveSecret(options.sessionSecret, 'confirm-phone-code'), limits, sendCode: options.sendCode, now: options.now }
  return definePlugin({
    name: 'residents',
    requires: ['organizations', 'auth', 'contacts'],
    lists: residentLists,
    extendPrismaSchema: schema => residentPrismaExtensions.reduce((s, extend) => extend(s), schema),
    extendGraphqlSchema: residentGraphql(deps),
    contributes: { closers: [() => limits.close()] },
  })
}
