// Typed errors: a stable `extensions.code` and a human message, for hooks and resolvers alike.
//
// Keystone wraps whatever a hook or an access function throws into its own error
// (`KS_EXTENSION_ERROR`, "An error occurred while running ..."), keeping only the message and stack
// of the original under `extensions.debug`. So a typed error thrown from a hook would reach clients
// with Keystone's code instead of ours. `surfaceTypedErrors` (applied by the plugin kernel to the
// final GraphQL schema) catches what a root field throws, and when it is a Keystone wrapper around one
// of ours, rethrows ours.
//
// How a wrapper leads back to our error: a typed error's `stack` is a String object (same text) that
// also holds the error, and Keystone copies that value into the wrapper's `extensions.debug`. So only
// the error that was actually thrown and wrapped resurfaces (one a hook caught and handled does not),
// without any bookkeeping per request. (An AsyncLocalStorage scope per root field did this before; it
// switched on Node's promise hooks for the whole process, which cost about a fifth of a staff page's CPU.)
import { GraphQLError, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql'

/** A typed error's stack: its usual text, carrying the error along where only the stack is copied. */
class TypedStack extends String {
  declare readonly error: GraphQLError
  constructor(text: string, error: GraphQLError) {
    super(text)
    Object.defineProperty(this, 'error', { value: error, enumerable: false })
  }
}

export function typedError(code: string, message: string, extra: Record<string, unknown> = {}) {
  const error = new GraphQLError(message, { extensions: { code, ...extra } })
  const text = error.stack
  if (typeof text === 'string') {
    Object.defineProperty(error, 'stack', { value: new TypedStack(text, error), writable: true, configurable: true, enumerable: false })
  }
  return error
}

type DebugEntry = { stacktrace?: unknown; message?: string }

function isKeystoneWrapper(error: any): boolean {
  const code = error?.extensions?.code
  return typeof code === 'string' && code.startsWith('KS_') && Array.isArray(error.extensions.debug)
}

/** The typed error a Keystone wrapper stands for (the one whose stack it copied), or the error itself. */
export function unwrapTypedError(error: unknown): unknown {
  if (!isKeystoneWrapper(error)) return error
  const debug = (error as any).extensions.debug as DebugEntry[]
  const typed = debug.find(entry => entry.stacktrace instanceof TypedStack)
  return typed ? (typed.stacktrace as TypedStack).error : error
}

function surfacing(resolve: GraphQLFieldResolver<any, any>): GraphQLFieldResolver<any, any> {
  const unwrap = (error: unknown) => {
    throw unwrapTypedError(error)
  }
  return async (source, args, context, info) => {
    try {
      const result = await resolve(source, args, context, info)
      // createMany/updateMany/deleteMany return one promise per item, each failing on its own
      return Array.isArray(result) ? result.map(item => Promise.resolve(item).catch(unwrap)) : result
    } catch (error) {
      return unwrap(error)
    }
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
