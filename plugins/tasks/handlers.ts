import type { KeystoneContext } from '@keystone-6/core/types'
import type { JobHandler, RetryPolicy } from '../../adapters/queue/types'
import type { Registry } from '../kernel'

type Handlers = Record<string, { handler: JobHandler; concurrency?: number; retry?: Partial<RetryPolicy> }>

/** Binds every registered task to a sudo context and the registry: the map a queue runner consumes. */
export function handlersFor(context: KeystoneContext<any>, registry: Registry): Handlers {
  const queue = registry.one('queue')
  const sudo = context.sudo()
  const handlers: Handlers = {}
  for (const task of registry.all('tasks')) {
    if (handlers[task.name]) throw new Error(`Task "${task.name}" is contributed twice`)
    handlers[task.name] = {
      concurrency: task.concurrency,
      retry: task.retry,
      handler: (payload, job) =>
        task.run(payload, {
          context: sudo,
          job,
          registry,
          enqueue: (next, nextPayload, options) => queue.enqueue(next.name, nextPayload, options),
        }),
    }
  }
  return handlers
}
