// A worker process for the fault tests: `npm run worker` with the fault plugin added (tasks/worker.ts
// runs the default config only). Started with tsx by the test; SIGKILLed and restarted there.
import { getContext } from '@keystone-6/core/context'
import * as PrismaModule from '../../../generated/prisma/client'
import { buildConfig } from '../../../config'
import { bindRegistry, configRegistry } from '../../../plugins/kernel'
import { startWorkers } from '../../../plugins/tasks'
import { faultPlugin } from './fault-plugin'

async function main() {
  // the fault plugin brings its own recording channels in place of the real ones
  const config = buildConfig(process.env, [faultPlugin(process.env.FAULT_LOG!, Number(process.env.FAULT_LATENCY_MS ?? 10), process.env.FAULT_JITTER === 'true')], { channels: [] })
  const registry = configRegistry(config)
  const context = getContext(config, PrismaModule)
  bindRegistry(context, registry)
  await startWorkers(context, registry)
  console.log('fault-worker ready')
}

main().catch(error => {
  console.error(error)
  process.exit(1)
})
