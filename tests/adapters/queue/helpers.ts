// Shared by the queue runner tests: unique Redis prefixes, their cleanup, and small async helpers.
export const REDIS_URL = process.env.REDIS_URL?.trim() || undefined

/** One prefix per test file run, so parallel files (and leftovers of a crashed run) never collide. */
export function testPrefix(name: string) {
  return `test-${name}-${process.pid}-${Date.now()}`
}

export { deleteRedisPrefix } from '../../harness/redis'

export function deferred<T = void>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>(r => (resolve = r))
  return { promise, resolve }
}

export const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** Node timers may fire a millisecond early against Date.now(): lower bounds allow this much. */
export const SLACK_MS = 5
