// Chooses the queue runner from the environment: BullMQ when REDIS_URL is set, inline otherwise.
import type { QueueRunner } from './types'

export type QueueTarget = { kind: 'inline' } | { kind: 'bullmq'; redisUrl: string; prefix: string }

export function queueTargetFromEnv(env: NodeJS.ProcessEnv = process.env): QueueTarget {
  const redisUrl = env.REDIS_URL?.trim()
  if (!redisUrl) return { kind: 'inline' }
  return { kind: 'bullmq', redisUrl, prefix: env.QUEUE_PREFIX?.trim() || 'cms' }
}

/** Connections open lazily, so importing the config (builds, type generation) touches no Redis. */
export function createQueueRunner(target: QueueTarget): QueueRunner {
  if (target.kind === 'inline') {
    const { InlineQueueRunner } = require('./inline') as typeof import('./inline')
    return new InlineQueueRunner()
  }
  const { BullmqQueueRunner } = require('./bullmq') as typeof import('./bullmq')
  return new BullmqQueueRunner({ redisUrl: target.redisUrl, prefix: target.prefix })
}
