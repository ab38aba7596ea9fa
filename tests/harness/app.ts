// Starts the real CMS config for one test file: its own database, its own queue prefix,
// optional extra plugins, and (when asked) an HTTP server on a free loopback port.
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import type { KeystoneContext } from '@keystone-6/core/types'
import { createExpressServer, createSystem } from '@keystone-6/core/___internal-do-not-use-will-break-in-patch/artifacts'
import * as PrismaModule from '../../generated/prisma/client'
import { buildConfig, channelPluginsFromEnv } from '../../config'
import { bindRegistry, configRegistry, type Plugin } from '../../plugins/kernel'
import { createTestDatabase } from '../setup/database'
import { deleteRedisPrefix } from './redis'
import { assertClientMatches } from './schema-match'
import { variantClient } from './variant-client'

export type TestApp = {
  context: KeystoneContext<any>
  config: ReturnType<typeof buildConfig>
  env: NodeJS.ProcessEnv
  /** Set when started with `http: true`. */
  url: string
  close(): Promise<void>
}

export const TEST_SESSION_SECRET = 'test-session-secret-0123456789abcdefghijklmnop'
/** A fixed master key, so tests in production mode (which require one) build the files plugin. */
export const TEST_FILES_MASTER_KEY = Buffer.alloc(32, 7).toString('base64')
export const TEST_ADMIN = { email: 'admin@test.example', password: 'admin-password-123' }

type Options = {
  plugins?: readonly Plugin[]
  env?: NodeJS.ProcessEnv
  http?: boolean
  /** false: do not connect or seed (for tests of an unreachable database). */
  connect?: boolean
  /**
   * The channel plugins: none by default (the pipeline's tests bring recording channels named like the
   * real ones), 'env' for the production list configured by `env`, or the given plugins.
   */
  channels?: readonly Plugin[] | 'env'
  /**
   * Generate a Prisma client (and database) for exactly this config, for plugins with lists or fields that
   * config.ts does not register yet (docs examples). Slower the first time per schema (tests/harness/variant-client.ts).
   */
  generateClient?: boolean
}

export async function startTestApp(options: Options = {}): Promise<TestApp> {
  const channelsFor = (env: NodeJS.ProcessEnv) => (options.channels === 'env' ? channelPluginsFromEnv(env) : (options.channels ?? []))
  // the schema depends on the plugins and the database provider only (no queue: nothing to connect)
  const variant = options.generateClient
    ? await variantClient(createSystem(buildConfig({ ...process.env, SESSION_SECRET: TEST_SESSION_SECRET, FILES_MASTER_KEY: TEST_FILES_MASTER_KEY, ...options.env, REDIS_URL: '' }, options.plugins, { channels: channelsFor({ ...process.env, ...options.env }) })))
    : undefined
  const database = options.env?.DATABASE_URL ? undefined : await createTestDatabase({ datamodel: variant?.datamodel })
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...database?.env,
    SESSION_SECRET: TEST_SESSION_SECRET,
    FILES_MASTER_KEY: TEST_FILES_MASTER_KEY,
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    QUEUE_PREFIX: `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    // with REDIS_URL (BullMQ) the test's own process consumes the jobs, as `npm run dev` does
    WORKERS_IN_PROCESS: 'true',
    ...options.env,
  }
  const channels = channelsFor(env)
  const config = buildConfig(env, options.plugins, { channels })
  const system = createSystem(config)
  try {
    if (!variant) assertClientMatches(system.lists as any, [...(options.plugins ?? []), ...channels])
  } catch (error) {
    await database?.drop()
    throw error
  }
  const keystone = system.getKeystone(variant?.PrismaModule ?? PrismaModule)
  const registry = configRegistry(config)
  bindRegistry(keystone.context, registry)
  if (options.connect !== false) await keystone.connect()

  let server: Server | undefined
  let url = ''
  if (options.http) {
    const { httpServer } = await createExpressServer(system.config, keystone.context)
    server = httpServer
    await new Promise<void>(resolve => httpServer.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`
  }

  return {
    context: keystone.context,
    config,
    env,
    url,
    async close() {
      if (server) await new Promise(resolve => server!.close(resolve))
      await registry.one('queue').close()
      for (const close of registry.all('closers')) await close()
      await keystone.disconnect()
      await database?.drop()
      // BullMQ queues and rate-limit counters live under the app's prefix in the shared Redis
      const redisUrl = env.REDIS_URL?.trim()
      if (redisUrl && env.QUEUE_PREFIX) await deleteRedisPrefix(redisUrl, env.QUEUE_PREFIX)
    },
  }
}
