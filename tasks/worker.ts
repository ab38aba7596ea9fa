// `npm run worker`: consumes the BullMQ queues with a Keystone context, beside the API processes.
// A top-level composition point like keystone.ts, so it may import plugins/ (the files of tasks/ may not).
import { getContext } from '@keystone-6/core/context'
import { queueTargetFromEnv } from '../adapters/queue'
import * as PrismaModule from '../generated/prisma/client'
import config from '../keystone'
import { bindRegistry, configRegistry } from '../plugins/kernel'
import { startWorkers } from '../plugins/tasks'

async function main() {
  const target = queueTargetFromEnv()
  if (target.kind !== 'bullmq') {
    console.error('[worker] REDIS_URL is not set: the inline queue runs inside the API process, so there is no worker to start.')
    process.exit(1)
  }

  const registry = configRegistry(config)
  const runner = registry.one('queue')
  if (!(await runner.ping())) {
    console.error('[worker] Redis (REDIS_URL) is not reachable')
    process.exit(1)
  }
  const context = getContext(config, PrismaModule)
  bindRegistry(context, registry)
  const stopSchedules = await startWorkers(context, registry)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) {
      console.error(`[worker] ${signal} again: exiting without waiting for running jobs`)
      process.exit(1)
    }
    stopping = true
    console.log(`[worker] ${signal}: letting running jobs finish`)
    try {
      stopSchedules()
      await runner.close()
      for (const close of registry.all('closers')) await close()
      await context.prisma.$disconnect()
      process.exit(0)
    } catch (error) {
      console.error('[worker] shutdown failed:', error)
      process.exit(1)
    }
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))

  const tasks = registry.all('tasks').map(task => task.name)
  console.log(`[worker] ready: ${tasks.length} task(s) [${tasks.join(', ')}] on queue prefix "${target.prefix}"`)
}

main().catch(error => {
  console.error('[worker] failed to start:', error)
  process.exit(1)
})
