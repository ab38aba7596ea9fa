// The CMS: the environment chooses the infrastructure, the plugin list chooses the features.
// keystone.ts builds it from the process environment; tests and tools import buildConfig from here, so
// that importing it has no side effect (the development session secret is written only when built).
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled'
import { keystoneDbConfig, databaseTargetFromEnv } from './adapters/database'
import { batchInTurn } from './adapters/database/batch-in-turn'
import { createQueueRunner, queueTargetFromEnv, type QueueTarget } from './adapters/queue'
import type { RateLimitStore } from './adapters/rate-limit'
import { sessionSecretFromEnv } from './adapters/session/secret'
import { composeConfig, type Plugin } from './plugins/kernel'
import { organizationsPlugin } from './plugins/organizations'
import { authPlugin, sessionLifetimesFromEnv, signInLimitsFromEnv } from './plugins/auth'
import { tasksPlugin } from './plugins/tasks'
import { healthPlugin } from './plugins/health'
import { apiLimitsPlugin, apiLimitsFromEnv } from './plugins/api-limits'
import { notificationsPlugin, notificationOptionsFromEnv, staffSendLimitsFromEnv } from './plugins/notifications'
import { contactsPlugin } from './plugins/contacts'
import { auditHistoryPlugin } from './plugins/audit-history'
import { residentsPlugin, limitsFromEnv } from './plugins/residents'
import { contactAuditTrail } from './schema/contacts/audit'
import { pushPluginFromEnv } from './plugins/push'
import { smsPluginFromEnv } from './plugins/sms'
import { emailPluginFromEnv } from './plugins/email'
import { telegramPluginFromEnv } from './plugins/telegram'
import { portalPlugin, portalOptionsFromEnv } from './plugins/portal'
import { broadcastsPlugin } from './plugins/broadcasts'
import { filesPluginFromEnv } from './plugins/files'
import { adminUiPlugin } from './plugins/admin-ui'
import { exportsPluginFromEnv } from './plugins/exports'
import { messagingPlugin, messagingOptionsFromEnv } from './plugins/messaging'

/** Rate limits count where the queue lives: in its Redis under its prefix, or in memory with the inline queue. */
function rateLimitStore(queue: QueueTarget): RateLimitStore {
  return queue.kind === 'bullmq' ? { redisUrl: queue.redisUrl, keyPrefix: queue.prefix } : {}
}

/** The delivery media; each is enabled by its providers' environment variables (docs/plugins.md). */
export function channelPluginsFromEnv(env: NodeJS.ProcessEnv): Plugin[] {
  const limitStore = rateLimitStore(queueTargetFromEnv(env))
  return [pushPluginFromEnv(env, limitStore), smsPluginFromEnv(env), emailPluginFromEnv(env), telegramPluginFromEnv(env)]
}

/**
 * `extraPlugins` lets tests and embedding apps add plugins without editing this file; `channels` replaces
 * the channel plugins (tests of the pipeline bring recording channels named like the real ones).
 */
export function buildConfig(
  env: NodeJS.ProcessEnv = process.env,
  extraPlugins: readonly Plugin[] = [],
  options: { channels?: readonly Plugin[] } = {}
) {
  const queue = queueTargetFromEnv(env)
  const limitStore = rateLimitStore(queue)
  const sessionSecret = sessionSecretFromEnv(env)
  const apiLimits = apiLimitsFromEnv(env)
  const config = composeConfig(
    {
      db: keystoneDbConfig(databaseTargetFromEnv(env)),
      graphql: {
        schemaPath: 'generated/schema.graphql',
        // No list sets cache hints, and Apollo's cache-control plugin wraps every field resolver to
        // collect them: on a staff page of 50 rows that is about 600 wrapped calls for nothing.
        apolloConfig: { plugins: [ApolloServerPluginCacheControlDisabled()] },
      },
      // one page size for every list that does not set its own (plugins/api-limits)
      listDefaults: { graphql: { maxTake: apiLimits.maxTake } },
      types: { path: 'generated/keystone/types.ts' },
      server: { cors: env.CORS_ORIGINS ? { origin: env.CORS_ORIGINS.split(','), credentials: true } : undefined },
      telemetry: false,
    },
    [
      organizationsPlugin(),
      authPlugin({
        sessionSecret,
        sessionLifetimes: sessionLifetimesFromEnv(env),
        signInLimits: signInLimitsFromEnv(env),
        rateLimitStore: limitStore,
        adminEmail: env.ADMIN_EMAIL,
        adminPassword: env.ADMIN_PASSWORD,
      }),
      tasksPlugin({
        runner: createQueueRunner(queue),
        inProcessWorkers: queue.kind === 'inline' || env.WORKERS_IN_PROCESS === 'true',
      }),
      healthPlugin(),
      apiLimitsPlugin({ limits: apiLimits, production: env.NODE_ENV === 'production' }),
      notificationsPlugin({ ...notificationOptionsFromEnv(env, sessionSecret), sendLimits: staffSendLimitsFromEnv(env, limitStore) }),
      contactsPlugin(),
      auditHistoryPlugin({ lists: { Contact: contactAuditTrail } }),
      residentsPlugin({
        sessionSecret,
        redisUrl: limitStore.redisUrl,
        keyPrefix: limitStore.keyPrefix,
        limits: limitsFromEnv(env),
      }),
      portalPlugin(portalOptionsFromEnv(env, sessionSecret, limitStore)),
      broadcastsPlugin(),
      filesPluginFromEnv(env, sessionSecret, limitStore),
      exportsPluginFromEnv(env),
      messagingPlugin(messagingOptionsFromEnv(env, limitStore)),
      ...(options.channels ?? channelPluginsFromEnv(env)),
      adminUiPlugin(),
      ...extraPlugins,
    ]
  )
  // the last Prisma extension (Prisma runs extensions in the order applied, so every plugin's sees each
  // call as Keystone made it): a bulk mutation's per-item existence checks and Contact creates of one turn
  // become one statement each, and that statement passes through every plugin's extension too
  const extend = config.db.extendPrismaClient
  config.db = { ...config.db, extendPrismaClient: (client: any) => batchInTurn({ creates: ['Contact'] })(extend ? extend(client) : client) }
  return config
}

