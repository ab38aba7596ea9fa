// The contact export task (one job per run of an export; see exports/run-export.ts) and its sweeper:
// a run whose worker died leaves its task 'running' with a stale heartbeat; the sweeper starts it again
// from the beginning, or fails it with the reason once it has been lost `maxAttempts` times. Exports still
// 'queued' long after they were created (their job was lost with Redis) are enqueued again.
import { defineTask } from './define'
import { exportJobId, exportOptions, EXPORT_TASK, SWEEP_EXPORTS_TASK, type ExportOptions } from './exports/options'
import { runExport } from './exports/run-export'
import { fileServices } from './sweep-files'

export type ExportPayload = { taskId: string; attempt: number }

export const exportContactsTask = defineTask<ExportPayload>({
  name: EXPORT_TASK,
  concurrency: 2,
  // a run either finishes the task or marks it; a lost run is the sweeper's
  retry: { attempts: 1 },
  run: ({ taskId, attempt }, { context, registry }) => runExport(context.prisma, fileServices(registry), exportOptions(registry), taskId, attempt),
})

type Enqueue = (payload: ExportPayload, jobId: string) => Promise<unknown>

export async function sweepExports(prisma: any, options: ExportOptions, enqueue: Enqueue, now = Date.now()) {
  const stale = new Date(now - options.stalledAfterMs)
  let restarted = 0
  let failed = 0
  const lost = await prisma.contactExportTask.findMany({
    where: { status: 'running', heartbeatAt: { lt: stale } },
    select: { id: true, attempt: true },
    take: 100,
  })
  for (const task of lost) {
    const where = { id: task.id, status: 'running', attempt: task.attempt, heartbeatAt: { lt: stale } }
    if (task.attempt >= options.maxAttempts) {
      const { count } = await prisma.contactExportTask.updateMany({
        where,
        data: { status: 'failed', finishedAt: new Date(now), error: `The export stopped without finishing ${task.attempt} times (its worker was lost); start it again` },
      })
      failed += count
      continue
    }
    const { count } = await prisma.contactExportTask.updateMany({ where, data: { status: 'queued', processed: 0 } })
    if (count) {
      await enqueue({ taskId: task.id, attempt: task.attempt + 1 }, exportJobId(task.id, task.attempt + 1))
      restarted++
    }
  }
  // queued for longer than a stalled run would be: the job may be gone; the job id makes this a no-op otherwise
  const restartedIds = lost.map((task: { id: string }) => task.id)
  const waiting = await prisma.contactExportTask.findMany({
    where: { status: 'queued', createdAt: { lt: stale }, id: { notIn: restartedIds } },
    select: { id: true, attempt: true },
    take: 100,
  })
  for (const task of waiting) await enqueue({ taskId: task.id, attempt: task.attempt + 1 }, exportJobId(task.id, task.attempt + 1))
  return { restarted, failed, requeued: waiting.length }
}

export const sweepExportsTask = defineTask<Record<string, never>>({
  name: SWEEP_EXPORTS_TASK,
  concurrency: 1,
  retry: { attempts: 1 },
  run: (_payload, { context, registry, enqueue }) =>
    sweepExports(context.prisma, exportOptions(registry), (payload, jobId) => enqueue(exportContactsTask, payload, { jobId })),
})
