// What one operation would cost, computed from the document and its variables before anything runs
// (graphql-query-complexity walks it; this estimator prices each field): a field costs 1 plus its
// selection; a field with a `take` argument costs `take` times that, and without `take` its default
// (for a Keystone list or relationship, the list's maxTake: what it would return). On the way it counts
// root fields and checks arguments (page sizes, NUL characters), so one walk answers every question.
import { GraphQLError, type GraphQLField, type GraphQLSchema } from 'graphql'
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity'
import { refusal } from './refusal'

export type OperationShape = {
  cost: number
  queryFields: number
  mutationFields: number
  /** Arguments no resolver should see: page arguments out of range, text the database cannot hold. */
  argumentProblems: GraphQLError[]
}

type Args = Record<string, unknown>

const argument = (field: GraphQLField<any, any>, name: string) => field.args.find(arg => arg.name === name)

/** Keystone's findMany arguments: `take` defaults to the list's maxTake, which it may not exceed. */
function maxTakeOf(field: GraphQLField<any, any>): number | undefined {
  const take = argument(field, 'take')
  if (!take || !argument(field, 'cursor')) return undefined
  return typeof take.defaultValue === 'number' ? take.defaultValue : undefined
}

function pageProblem(path: string, args: Args, field: GraphQLField<any, any>): GraphQLError | undefined {
  for (const name of ['take', 'skip']) {
    const value = args[name]
    if (typeof value === 'number' && value < 0) {
      return refusal('WRONG_PAGE', `${path}: ${name} cannot be negative`, { argument: name })
    }
  }
  const maxTake = maxTakeOf(field)
  if (maxTake !== undefined && typeof args.take === 'number' && args.take > maxTake) {
    return refusal('WRONG_PAGE', `${path}: take is at most ${maxTake}`, { argument: 'take', limit: maxTake })
  }
  return undefined
}

/** The path of the first string holding a NUL character (PostgreSQL can neither store nor compare one). */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}.${i}`)
      if (found) return found
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(item, `${path}.${key}`)
      if (found) return found
    }
  }
  return undefined
}

function textProblem(path: string, args: Args): GraphQLError | undefined {
  for (const [name, value] of Object.entries(args)) {
    const found = nulPath(value, name)
    if (found) return refusal('INVALID_CHARACTERS', `${path}: ${found} contains a NUL character`, { argument: found })
  }
  return undefined
}

function pageSize(field: GraphQLField<any, any>, args: Args, defaultTake: number): number {
  if (!argument(field, 'take')) return 1
  return typeof args.take === 'number' ? Math.max(args.take, 1) : defaultTake
}

export function measureOperation(options: {
  schema: GraphQLSchema
  document: Parameters<typeof getComplexity>[0]['query']
  variables?: Record<string, unknown>
  operationName?: string
  /** Page size assumed for a `take` argument without a value or default. */
  defaultTake: number
  maxNodes: number
}): OperationShape {
  const { schema } = options
  const shape: OperationShape = { cost: 0, queryFields: 0, mutationFields: 0, argumentProblems: [] }
  const queryType = schema.getQueryType()
  const mutationType = schema.getMutationType()
  const estimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
    if (type === queryType) shape.queryFields++
    if (type === mutationType) shape.mutationFields++
    const path = `${type.name}.${field.name}`
    const problem = pageProblem(path, args, field) ?? textProblem(path, args)
    if (problem) shape.argumentProblems.push(problem)
    return pageSize(field, args, options.defaultTake) * (1 + childComplexity)
  }
  try {
    shape.cost = getComplexity({
      schema,
      query: options.document,
      variables: options.variables,
      operationName: options.operationName,
      estimators: [estimator],
      maxQueryNodes: options.maxNodes,
    })
  } catch (error) {
    // the node cap, or arguments that cannot be read with these variables: nothing may run unmeasured
    const message = (error as Error).message ?? ''
    if (/maximum allowed number of nodes/.test(message)) {
      throw refusal('QUERY_TOO_COMPLEX', 'This query selects too many fields; split it into smaller queries')
    }
    throw refusal('BAD_USER_INPUT', message)
  }
  return shape
}
