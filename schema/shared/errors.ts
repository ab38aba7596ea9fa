// Typed errors: a stable `extensions.code` and a human message, for hooks and resolvers alike.
//
// Keystone wraps whatever a hook or an access function throws into its own error
// (`KS_EXTENSION_ERROR`, "An error occurred while running ..."), keeping only the message and stack
// of the original under `extensions.debug`. So a typed error thrown from a hook would reach clients
// with Keystone's code instead of ours. `surfaceTypedErrors` (applied by the plugin kernel to the
// final GraphQL schema) runs every root field in a scope that remembers the typed errors created
// during it, and when the field fails with a Keystone wrapper around one of them, rethrows ours.
import { AsyncLocalStorage } from 'node:async_hooks'
import { GraphQLError, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql'

const createdInScope = new AsyncLocalStorage<GraphQLError[]>()

export function typedError(code: string, message: string, extra: Record<string, unknown> = {}) {
  const error = new GraphQLError(message, { extensions: { code, ...extra } })
  createdInScope.getStore()?.push(error)
  return error
}

type DebugEntry = { stacktrace?: string; message?: string }

function isKeystoneWrapper(error: any): boolean {
  const code = error?.extensions?.code
  return typeof code === 'string' && code.startsWith('KS_') && Array.isArray(error.extensions.debug)
}

/** The typed error a Keystone wrapper stands for (matched by stack), or the error itself. */
export function unwrapTypedError(error: unknown, created: readonly GraphQLError[]): unknown {
  if (!isKeystoneWrapper(error) || created.length === 0) return error
  const debug = (error as any).extensions.debug as DebugEntry[]
  // by stack, not message: a typed error that a hook caught and handled must not resurface
  const typed = created.find(candidate => debug.some(entry => entry.stacktrace === candidate.stack))
  return typed ?? error
}

function surfacing(resolve: GraphQLFieldResolver<any, any>): GraphQLFieldResolver<any, any> {
  return (source, args, context, info) => {
    const created: GraphQLError[] = []
    const unwrap = (error: unknown) => {
      throw unwrapTypedError(error, created)
    }
    return createdInScope.run(created, async () => {
      try {
        const result = await resolve(source, args, context, info)
        // createMany/updateMany/deleteMany return one promise per item, each failing on its own
        return Array.isArray(result) ? result.map(item => Promise.resolve(item).catch(unwrap)) : result
      } catch (error) {
        return unwrap(error)
      }
    })
  }
}

/** Wraps the resolvers of every root Query and Mutation field, in place. */
export function surfaceTypedErrors(schema: GraphQLSchema): GraphQLSchema {
  if (typeof schema?.getQueryType !== 'function') return schema
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      if (field.resolve) field.resolve = surfacing(field.resolve)
    }
  }
  return schema
}
