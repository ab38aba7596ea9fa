// api-limits: every request is bounded before it runs. Through Keystone's Apollo config: query depth,
// aliases, directives, root fields, page arguments and cost (query-limits.ts), the token count while
// parsing, introspection, and how errors leave the server (format-errors.ts); through Express: body
// types and size, and JSON answers for whatever fails outside GraphQL (http-bodies.ts).
// Every list's page size (maxTake) is Keystone's `listDefaults`, set by config.ts from the same limits.
import type { KeystoneConfig } from '@keystone-6/core/types'
import { definePlugin } from '../kernel'
import type { ApiLimits } from './limits'
import { queryLimitsPlugin } from './query-limits'
import { chainFormatErrors, formatErrors } from './format-errors'
import { acceptedBodies, answerErrorsAsJson } from './http-bodies'

export { apiLimitsFromEnv, DEFAULT_API_LIMITS, type ApiLimits } from './limits'

export type ApiLimitsOptions = { limits: ApiLimits; production: boolean }

function withApiLimits(config: KeystoneConfig<any>, { limits, production }: ApiLimitsOptions): KeystoneConfig<any> {
  const apollo = config.graphql.apolloConfig ?? {}
  const graphqlPath = config.graphql.path ?? '/api/graphql'
  const { extendExpressApp, extendHttpServer } = config.server
  return {
    ...config,
    graphql: {
      ...config.graphql,
      // Keystone and Apollo read NODE_ENV from the process; the config's environment decides here
      debug: production ? false : config.graphql.debug,
      bodyParser: { ...config.graphql.bodyParser, limit: limits.maxBodyBytes },
      apolloConfig: {
        ...apollo,
        introspection: limits.introspection,
        parseOptions: { ...apollo.parseOptions, maxTokens: limits.maxTokens },
        plugins: [...(apollo.plugins ?? []), queryLimitsPlugin(limits)],
        formatError: chainFormatErrors(apollo.formatError, formatErrors({ production })),
      },
    },
    server: {
      ...config.server,
      async extendExpressApp(app, context) {
        app.use(graphqlPath, acceptedBodies())
        await extendExpressApp(app, context)
      },
      async extendHttpServer(server, context) {
        await extendHttpServer(server, context)
        answerErrorsAsJson(server)
      },
    },
  }
}

export function apiLimitsPlugin(options: ApiLimitsOptions) {
  return definePlugin({
    name: 'api-limits',
    extendConfig: config => withApiLimits(config, options),
  })
}
