// Limits on password sign-in, shared by every form of it (staff's authenticateUserWithPassword today, the
// resident portal's email + password later: it takes this object from the registry, `signInLimits`).
// Failed attempts count per account and per client address; an attempt's points are taken before the
// password is checked (so a burst of parallel guesses cannot all pass) and given back when it succeeds.
// One password check per HTTP request: aliased or batched sign-ins cannot multiply attempts.
import crypto from 'node:crypto'
import type { KeystoneContext } from '@keystone-6/core/types'
import { clientIp } from '../../adapters/http/client-ip'
import { createRateLimitGroup, type RateLimit, type RateLimitStore } from '../../adapters/rate-limit'
import { typedError } from '../../schema/shared/errors'
import { normalizeEmail } from '../../schema/shared/normalize'
import { spendOrRefuse } from '../../schema/shared/rate-limited'

export type SignInLimitOptions = { perAccountPerHour: number; perIpPerHour: number }

export const DEFAULT_SIGN_IN_LIMITS: SignInLimitOptions = { perAccountPerHour: 10, perIpPerHour: 100 }

export type SignInLimits = {
  /**
   * Runs `check` (one password check for `account`, e.g. an email) within the limits: refuses a second
   * sign-in in the same request (ONE_SIGN_IN_PER_REQUEST) and a spent account or address
   * (TOO_MANY_REQUESTS with `retryAfter`), the same answer whether the account exists or not.
   * `succeeded` tells a result that signed in, whose points are given back.
   */
  attempt<T>(context: KeystoneContext<any>, account: string, check: () => Promise<T>, succeeded: (result: T) => boolean): Promise<T>
  close(): Promise<void>
}

declare module '../kernel/types' {
  interface Contributions {
    signInLimits: SignInLimits
  }
}

const HOUR = 60 * 60
const LIMITED = { limited: 'Too many sign-in attempts; try again later', unavailable: 'Sign-in is temporarily unavailable; try again later' }

/** The key an account counts under: normalized like stored emails, hashed so the store holds no address. */
export function accountKey(account: string): string {
  const normalized = normalizeEmail(account) ?? account.trim().toLowerCase()
  return crypto.createHash('sha256').update(normalized).digest('base64url')
}

export function createSignInLimits(options: SignInLimitOptions, store: RateLimitStore = {}): SignInLimits {
  const group = createRateLimitGroup(store)
  const perAccount = group.limit('sign-in-account', options.perAccountPerHour, HOUR)
  const perIp = group.limit('sign-in-ip', options.perIpPerHour, HOUR)
  // the requests that already checked a password (by the HTTP request object: aliases and batched
  // operations of one request share it)
  const checkedIn = new WeakSet<object>()

  return {
    async attempt(context, account, check, succeeded) {
      const request = context.req as object | undefined
      if (request) {
        if (checkedIn.has(request)) throw typedError('ONE_SIGN_IN_PER_REQUEST', 'Send one sign-in per request')
        checkedIn.add(request)
      }
      const key = accountKey(account)
      const ip = clientIp(context)
      await spendOrRefuse(perAccount, key, LIMITED)
      try {
        await spendOrRefuse(perIp, ip, LIMITED)
      } catch (error) {
        await refund(perAccount, key) // no password was checked
        throw error
      }
      const result = await check()
      if (succeeded(result)) await Promise.all([refund(perAccount, key), refund(perIp, ip)])
      return result
    },
    close: () => group.close(),
  }
}

/** A refund that fails (the store went down meanwhile) only leaves the point spent. */
async function refund(limit: RateLimit, key: string) {
  try {
    await limit.refund(key)
  } catch {}
}

/** SIGN_IN_PER_ACCOUNT_PER_HOUR, SIGN_IN_PER_IP_PER_HOUR: positive integers; unset keeps the default. */
export function signInLimitsFromEnv(env: Readonly<Record<string, string | undefined>>): Partial<SignInLimitOptions> {
  const limits: Partial<SignInLimitOptions> = {}
  const read = (name: string, key: keyof SignInLimitOptions) => {
    const raw = env[name]?.trim()
    if (!raw) return
    const value = Number(raw)
    if (!(Number.isSafeInteger(value) && value > 0)) throw new Error(`${name} must be a positive integer (got "${env[name]}")`)
    limits[key] = value
  }
  read('SIGN_IN_PER_ACCOUNT_PER_HOUR', 'perAccountPerHour')
  read('SIGN_IN_PER_IP_PER_HOUR', 'perIpPerHour')
  return limits
}
