import type { KeystoneContext } from '@keystone-6/core/types'
import type { EnqueueOptions, QueueRunner } from '../../adapters/queue/types'
import type { AnyTask, TaskDefinition } from '../../tasks/define'
import { definePlugin, registryOf, type Registry } from '../kernel'
import { handlersFor } from './handlers'
import { startSchedules } from './schedules'

export type { Schedule } from './schedules'

export type TasksOptions = {
  runner: QueueRunner
  /** Run the workers inside the API process (embedded default, `npm run dev`). */
  inProcessWorkers: boolean
}

/** Owns the queue: contributes it to the registry and, in-process, starts the workers on connect. */
export function tasksPlugin({ runner, inProcessWorkers }: TasksOptions) {
  return definePlugin({
    name: 'tasks',
    contributes: { queue: [runner] },
    onConnect: async context => {
      if (inProcessWorkers) await startWorkers(context, registryOf(context))
    },
  })
}

/** Starts the workers and the periodic tasks (`contributes: { schedules }`); returns a function stopping the timers. */
export async function startWorkers(context: KeystoneContext<any>, registry: Registry) {
  const runner = registry.one('queue')
  await runner.startWorkers(handlersFor(context, registry))
  return startSchedules(runner, registry.all('schedules'))
}

/** Enqueue a task from a hook or resolver. Call it after the transaction commits. */
export function enqueue<P>(context: KeystoneContext<any>, task: TaskDefinition<P> | AnyTask, payload: P, options?: EnqueueOptions) {
  return registryOf(context).one('queue').enqueue(task.name, payload, options)
}
