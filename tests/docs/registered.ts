// What config.ts registers. A docs example that a developer copied into the project and registered (as the
// guide suggests) must not be added a second time by the example's own test: that test skips the part that
// would, and the developer's tests cover their copy.
import { createSystem } from '@keystone-6/core/___internal-do-not-use-will-break-in-patch/artifacts'
import { buildConfig } from '../../config'
import { configRegistry } from '../../plugins/kernel'
import '../../plugins/notifications/contributions'
import { TEST_SESSION_SECRET } from '../harness/app'

export function registeredByConfig() {
  const config = buildConfig({ SESSION_SECRET: TEST_SESSION_SECRET, DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: '' })
  const registry = configRegistry(config)
  return {
    lists: Object.keys(createSystem(config).lists),
    channels: registry.all('channels').map(channel => channel.name),
    messageTypes: registry.all('messageTypes').map(type => type.type),
  }
}
