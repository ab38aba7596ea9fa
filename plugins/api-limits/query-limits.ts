// The Apollo Server plugin that refuses an operation over the limits once it is parsed and validated,
// before it executes (so before any resolver or database query): depth, aliases and directives with
// graphql-armor's rules, then arguments, root fields and cost from one graphql-query-complexity walk.
// The token limit is graphql-js's own parse option (see index.ts). Each refusal is a typed error.
import { ApolloArmor } from '@escape.tech/graphql-armor'
import { validate, type DocumentNode, type GraphQLError, type GraphQLSchema, type ValidationContext, type ValidationRule } from 'graphql'
import { BoundedMap } from '../../schema/shared/bounded-map'
import type { ApiLimits } from './limits'
import { measureOperation } from './query-cost'
import { refusal } from './refusal'

/** The part of Apollo's request context this plugin reads. */
type ResolvedOperation = {
  request: { variables?: Record<string, unknown>; operationName?: string | null }
  document: DocumentNode
  schema: GraphQLSchema
}

export type QueryLimitsPlugin = {
  requestDidStart(): Promise<{ didResolveOperation(requestContext: ResolvedOperation): Promise<void> }>
}

// A graphql-armor rule reports our typed error instead of its own generic one.
const reject = (code: string, message: string, limit: number) => [
  (context: ValidationContext | null) => context?.reportError(refusal(code, message, { limit })),
]

export function shapeRules(limits: ApiLimits): readonly ValidationRule[] {
  const armor = new ApolloArmor({
    // measured below, by page size rather than by graphql-armor's first/last convention
    costLimit: { enabled: false },
    // graphql-js counts tokens while parsing (parseOptions.maxTokens)
    maxTokens: { enabled: false },
    // the schema is public; suggestions help client developers
    blockFieldSuggestion: { enabled: false },
    maxDepth: {
      n: limits.maxDepth,
      flattenFragments: true,
      ignoreIntrospection: true,
      propagateOnRejection: false,
      onReject: reject('QUERY_TOO_DEEP', `Queries may nest fields at most ${limits.maxDepth} levels deep`, limits.maxDepth),
    },
    maxAliases: {
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: reject('TOO_MANY_ALIASES', `A request may use at most ${limits.maxAliases} aliases`, limits.maxAliases),
    },
    maxDirectives: {
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: reject('TOO_MANY_DIRECTIVES', `A request may use at most ${limits.maxDirectives} directives`, limits.maxDirectives),
    },
  })
  return armor.protect().validationRules
}

/** The first limit the operation breaks, as a typed error; undefined when it may run. */
export function checkOperation(limits: ApiLimits, rules: readonly ValidationRule[], operation: ResolvedOperation): GraphQLError | undefined {
  const { schema, document, request } = operation
  const [shapeError] = validate(schema, document, rules)
  if (shapeError) return shapeError
  const shape = measureOperation({
    schema,
    document,
    variables: request.variables,
    operationName: request.operationName ?? undefined,
    defaultTake: limits.maxTake,
    // the walk itself is bounded: fragments spread many times are walked each time
    maxNodes: Math.max(limits.maxCost, 10_000),
  })
  if (shape.argumentProblems.length) return shape.argumentProblems[0]
  if (shape.queryFields > limits.maxRootFields) {
    return refusal('TOO_MANY_ROOT_FIELDS', `A query may ask for at most ${limits.maxRootFields} root fields`, { limit: limits.maxRootFields })
  }
  if (shape.mutationFields > limits.maxMutationFields) {
    return refusal('TOO_MANY_ROOT_FIELDS', `A request may run at most ${limits.maxMutationFields} mutations`, {
      limit: limits.maxMutationFields,
    })
  }
  if (shape.cost > limits.maxCost) {
    return refusal(
      'QUERY_TOO_COMPLEX',
      `This query could return about ${Math.round(shape.cost)} values; the limit is ${limits.maxCost}. Ask for smaller pages (take) or fewer nested lists`,
      { limit: limits.maxCost, cost: Math.round(shape.cost) }
    )
  }
  return undefined
}

// Apollo hands every request of the same query text the same parsed DocumentNode (its document store),
// and the answer depends only on the schema, that document, the operation name and the variables: a
// staff page asked again (the same query, another skip) is measured once, not on every request (4% of a
// page's profile). Only passes are remembered (a refusal is an error object each request throws
// anew); variables too long to make a cheap key (a bulk mutation's rows) are measured each time.
const MAX_KEYED_VARIABLES = 2048
const MAX_ANSWERS_PER_DOCUMENT = 256
type Passed = { schema: GraphQLSchema; requests: BoundedMap<string, true> }

function rememberedCheck(limits: ApiLimits, rules: readonly ValidationRule[]) {
  const passed = new WeakMap<DocumentNode, Passed>()
  return (operation: ResolvedOperation): GraphQLError | undefined => {
    const variables = JSON.stringify(operation.request.variables ?? {})
    if (variables.length > MAX_KEYED_VARIABLES) return checkOperation(limits, rules, operation)
    let known = passed.get(operation.document)
    if (!known || known.schema !== operation.schema) passed.set(operation.document, (known = { schema: operation.schema, requests: new BoundedMap(MAX_ANSWERS_PER_DOCUMENT) }))
    const key = `${operation.request.operationName ?? ''}\n${variables}`
    if (known.requests.has(key)) return undefined
    const refused = checkOperation(limits, rules, operation)
    if (!refused) known.requests.set(key, true)
    return refused
  }
}

export function queryLimitsPlugin(limits: ApiLimits): QueryLimitsPlugin {
  const check = rememberedCheck(limits, shapeRules(limits))
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          const refused = check(requestContext)
          if (refused) throw refused
        },
      }
    },
  }
}
