// Periodic tasks without a scheduler service: every process that runs workers ticks a timer and
// enqueues the task with a job id per time slot (`<task>-<slot>`), so however many workers tick, each
// slot runs once (the queue drops duplicate ids). A timer, not a BullMQ repeatable job: it works the same
// on the inline runner, and it comes back by itself after Redis lost its data.
import type { QueueRunner } from '../../adapters/queue/types'
import type { AnyTask } from '../../tasks/define'

export type Schedule = {
  task: AnyTask
  everyMs: number
  /** Also run once when the workers start (e.g. to pick up what a previous process left). */
  atStart?: boolean
}

declare module '../kernel/types' {
  interface Contributions {
    schedules: Schedule
  }
}

/** Resolves once the start-up runs are queued, so callers (and tests) can wait for them. */
export async function startSchedules(runner: QueueRunner, schedules: readonly Schedule[], log: (line: string) => void = console.warn) {
  const timers: NodeJS.Timeout[] = []
  const startRuns: Promise<unknown>[] = []
  const stop = () => timers.splice(0).forEach(clearInterval)
  for (const schedule of schedules) {
    if (!(schedule.everyMs >= 1000)) throw new Error(`Schedule of "${schedule.task.name}": everyMs must be at least 1000`)
    const enqueue = (jobId: string) =>
      runner.enqueue(schedule.task.name, {}, { jobId }).catch(error => {
        if (/closed/.test((error as Error).message)) return stop()
        log(`[tasks] could not enqueue ${schedule.task.name}: ${(error as Error).message}`)
      })
    // a start-up run has an id of its own: it must not take the id of the slot's regular run
    if (schedule.atStart) startRuns.push(enqueue(`${schedule.task.name}-start-${Date.now()}-${process.pid}`))
    const timer = setInterval(() => void enqueue(`${schedule.task.name}-${Math.floor(Date.now() / schedule.everyMs)}`), schedule.everyMs)
    timer.unref() // never keeps a process alive on its own
    timers.push(timer)
  }
  // bounded: BullMQ waits for a first Redis connection, and start-up must not hang on it
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise(resolve => (timer = setTimeout(resolve, 5000)).unref())
  await Promise.race([Promise.all(startRuns), timeout])
  clearTimeout(timer)
  return stop
}
