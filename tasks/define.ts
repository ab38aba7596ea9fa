// A task is defined once: a name, a handler and its retry policy. Plugins contribute tasks;
// the worker (or the in-process runner) executes them with a Keystone context.
import type { KeystoneContext } from '@keystone-6/core/types'
import type { EnqueueOptions, JobContext, RetryPolicy } from '../adapters/queue/types'

/** What a task can read of the plugin registry (channels, message types, ...), handed in at run time. */
export interface RegistryReader {
  all(key: string): readonly unknown[]
}

export type TaskRunArgs = {
  context: KeystoneContext<any>
  job: JobContext
  registry: RegistryReader
  /** Enqueue follow-up work from inside a task. */
  enqueue: <P>(task: TaskDefinition<P>, payload: P, options?: EnqueueOptions) => Promise<unknown>
}

export type TaskDefinition<P = unknown> = {
  name: string
  run(payload: P, args: TaskRunArgs): Promise<unknown>
  retry?: Partial<RetryPolicy>
  concurrency?: number
}

export type AnyTask = TaskDefinition<any>

export function defineTask<P>(task: TaskDefinition<P>): TaskDefinition<P> {
  if (!/^[a-zA-Z][\w-]*$/.test(task.name)) throw new Error(`Task name "${task.name}" may hold letters, digits, _ and - only`)
  return task
}
