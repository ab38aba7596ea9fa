// How GraphQL errors leave the server (Apollo's formatError, after Keystone's own, which already drops
// `extensions.debug` in production). The token limit, which graphql-js reports as a parse error, gets its
// own code; in production, an error nobody meant a client to read (a bug in a resolver or hook, a
// database error) becomes a generic message with a stable code, and the original goes to the log.
import type { GraphQLFormattedError } from 'graphql'

/** Codes that mean "the server failed", never "your request was wrong". */
const UNEXPECTED = new Set(['INTERNAL_SERVER_ERROR', 'KS_EXTENSION_ERROR', 'KS_RESOLVER_ERROR', 'KS_ACCESS_RETURN_ERROR', 'KS_PRISMA_ERROR'])

// graphql-js 16 says "more that N tokens"
const TOKEN_LIMIT = /Document contains more (?:than|that) (\d+) tokens/

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError

export function formatErrors(options: { production: boolean; log?: (line: string) => void }): FormatError {
  const log = options.log ?? (line => console.error(line))
  return (formatted, error) => {
    const code = formatted.extensions?.code
    const tokens = code === 'GRAPHQL_PARSE_FAILED' ? TOKEN_LIMIT.exec(formatted.message) : null
    if (tokens) {
      const limit = Number(tokens[1])
      return { message: `A query may have at most ${limit} tokens`, extensions: { code: 'QUERY_TOO_LONG', limit } }
    }
    if (options.production && typeof code === 'string' && UNEXPECTED.has(code)) {
      const original = (error as { originalError?: Error })?.originalError ?? (error as Error)
      log(`[graphql] ${code} at ${formatted.path?.join('.') ?? '(request)'}: ${original?.stack ?? original?.message ?? formatted.message}`)
      return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } }
    }
    return formatted
  }
}

/** Runs `first`, then `second` on its result (a formatError someone configured before us keeps working). */
export function chainFormatErrors(first: FormatError | undefined, second: FormatError): FormatError {
  if (!first) return second
  return (formatted, error) => second(first(formatted, error), error)
}
