// The CMS: the environment chooses the infrastructure, the plugin list chooses the features.
import { keystoneDbConfig, databaseTargetFromEnv } from './adapters/database'
import { createQueueRunner, queueTargetFromEnv } from './adapters/queue'
import { sessionSecretFromEnv } from './adapters/session/secret'
import { composeConfig, type Plugin } from './plugins/kernel'
import { organizationsPlugin } from './plugins/organizations'
import { authPlugin } from './plugins/auth'
import { tasksPlugin } from './plugins/tasks'
import { healthPlugin } from './plugins/health'
import { notificationsPlugin, notificationOptionsFromEnv } from './plugins/notifications'
import { contactsPlugin } from './plugins/contacts'
import { auditHistoryPlugin } from './plugins/audit-history'
import { residentsPlugin, limitsFromEnv } from './plugins/residents'
import { contactAuditTrail } from './schema/contacts/audit'
import { pushPluginFromEnv } from './plugins/push'
import { smsPluginFromEnv } from './plugins/sms'
import { emailPluginFromEnv } from './plugins/email'
import { telegramPluginFromEnv } from './plugins/telegram'

/** The delivery media; each is enabled by its providers' environment variables (docs/plugins.md). */
export function channelPluginsFromEnv(env: NodeJS.ProcessEnv): Plugin[] {
  return [pushPluginFromEnv(env), smsPluginFromEnv(env), emailPluginFromEnv(env), telegramPluginFromEnv(env)]
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
  const sessionSecret = sessionSecretFromEnv(env)
  return composeConfig(
    {
      db: keystoneDbConfig(databaseTargetFromEnv(env)),
      graphql: { schemaPath: 'generated/schema.graphql' },
      types: { path: 'generated/keystone/types.ts' },
      server: { cors: env.CORS_ORIGINS ? { origin: env.CORS_ORIGINS.split(','), credentials: true } : undefined },
      telemetry: false,
    },
    [
      organizationsPlugin(),
      authPlugin({ sessionSecret, adminEmail: env.ADMIN_EMAIL, adminPassword: env.ADMIN_PASSWORD }),
      tasksPlugin({
        runner: createQueueRunner(queue),
        inProcessWorkers: queue.kind === 'inline' || env.WORKERS_IN_PROCESS === 'true',
      }),
      healthPlugin(),
      notificationsPlugin(notificationOptionsFromEnv(env, sessionSecret)),
      contactsPlugin(),
      auditHistoryPlugin({ lists: { Contact: contactAuditTrail } }),
      residentsPlugin({
        sessionSecret,
        redisUrl: queue.kind === 'bullmq' ? queue.redisUrl : undefined,
        keyPrefix: queue.kind === 'bullmq' ? queue.prefix : undefined,
        limits: limitsFromEnv(env),
      }),
      ...(options.channels ?? channelPluginsFromEnv(env)),
      ...extraPlugins,
    ]
  )
}

export default buildConfig()
