// A rate limit spent from an API call: its two failures as the typed errors clients see.
import { RateLimitExceeded, RateLimitStoreUnavailable, type RateLimit } from '../../adapters/rate-limit'
import { typedError } from './errors'

/**
 * Spends one call of `key`. A spent limit is TOO_MANY_REQUESTS with `retryAfter` (seconds); a store that
 * is down is SERVICE_UNAVAILABLE: refuse rather than run unlimited.
 */
export async function spendOrRefuse(limit: RateLimit, key: string, messages: { limited: string; unavailable: string }) {
  try {
    await limit.consume(key)
  } catch (error) {
    if (error instanceof RateLimitExceeded) throw typedError('TOO_MANY_REQUESTS', messages.limited, { retryAfter: error.retryAfterSeconds })
    if (error instanceof RateLimitStoreUnavailable) throw typedError('SERVICE_UNAVAILABLE', messages.unavailable)
    throw error
  }
}
