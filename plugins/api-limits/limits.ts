// The API's limits and where they come from: one environment variable each, with safe defaults.
// README ("Limits") explains each number; docs/architecture.md how they are enforced.
import { positiveIntegerFromEnv } from '../../adapters/env'

export type ApiLimits = {
  /** Nesting of fields (fragments flattened; introspection's __schema not counted). */
  maxDepth: number
  /** Aliased fields anywhere in one operation. */
  maxAliases: number
  /** Root fields of a query (the Admin UI dashboard counts every list in one query). */
  maxRootFields: number
  /** Root fields of a mutation: one request cannot multiply sign-ins, sends, writes. */
  maxMutationFields: number
  maxDirectives: number
  /** Lexical tokens of the query text, checked while parsing. */
  maxTokens: number
  /** Estimated cost: each field 1, a list field `take` times its selection (its page size without `take`). */
  maxCost: number
  /** The default `maxTake` of every list (a list may set its own `graphql.maxTake`). */
  maxTake: number
  /** Request bodies of /api/graphql, in bytes. */
  maxBodyBytes: number
  /** Answer introspection queries (__schema, __type). */
  introspection: boolean
}

export const DEFAULT_API_LIMITS: Omit<ApiLimits, 'introspection'> = {
  maxDepth: 10,
  maxAliases: 50,
  maxRootFields: 50,
  maxMutationFields: 10,
  maxDirectives: 20,
  maxTokens: 3000,
  // the Admin UI's heaviest page (users, every column, 100 rows: two to-many columns) is about 61,000;
  // a third nested list (100 x 100 x 100) is a million
  maxCost: 100_000,
  // the Admin UI offers page sizes 10, 25, 50 and 100
  maxTake: 100,
  maxBodyBytes: 1024 * 1024,
}

const VARIABLES = {
  maxDepth: 'GRAPHQL_MAX_DEPTH',
  maxAliases: 'GRAPHQL_MAX_ALIASES',
  maxRootFields: 'GRAPHQL_MAX_ROOT_FIELDS',
  maxMutationFields: 'GRAPHQL_MAX_MUTATION_FIELDS',
  maxDirectives: 'GRAPHQL_MAX_DIRECTIVES',
  maxTokens: 'GRAPHQL_MAX_TOKENS',
  maxCost: 'GRAPHQL_MAX_COST',
  maxTake: 'GRAPHQL_MAX_TAKE',
} as const

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase()
  if (!raw) return fallback
  if (raw === 'true' || raw === '1') return true
  if (raw === 'false' || raw === '0') return false
  throw new Error(`${name} must be true or false (got "${env[name]}")`)
}

export function apiLimitsFromEnv(env: NodeJS.ProcessEnv): ApiLimits {
  const numbers = Object.fromEntries(
    Object.entries(VARIABLES).map(([key, name]) => [key, positiveIntegerFromEnv(env, name, DEFAULT_API_LIMITS[key as keyof typeof VARIABLES])])
  ) as Record<keyof typeof VARIABLES, number>
  return {
    ...numbers,
    maxBodyBytes: positiveIntegerFromEnv(env, 'GRAPHQL_MAX_BODY_KB', DEFAULT_API_LIMITS.maxBodyBytes / 1024) * 1024,
    // the schema is public (the source is), but introspection is a development tool: off in production
    introspection: flag(env, 'GRAPHQL_INTROSPECTION', env.NODE_ENV !== 'production'),
  }
}
