// Typed errors: a stable `extensions.code` and a human message, for hooks and resolvers alike.
import { GraphQLError } from 'graphql'

export function typedError(code: string, message: string, extra: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { code, ...extra } })
}
