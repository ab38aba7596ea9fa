import { apiLimitsFromEnv, DEFAULT_API_LIMITS } from '../../../plugins/api-limits'

test('without variables the defaults apply; introspection is on outside production', () => {
  expect(apiLimitsFromEnv({})).toEqual({ ...DEFAULT_API_LIMITS, introspection: true })
  expect(apiLimitsFromEnv({ NODE_ENV: 'production' }).introspection).toBe(false)
})

test('each limit has its variable', () => {
  const limits = apiLimitsFromEnv({
    GRAPHQL_MAX_DEPTH: '7',
    GRAPHQL_MAX_ALIASES: '8',
    GRAPHQL_MAX_ROOT_FIELDS: '9',
    GRAPHQL_MAX_MUTATION_FIELDS: '2',
    GRAPHQL_MAX_DIRECTIVES: '3',
    GRAPHQL_MAX_TOKENS: '400',
    GRAPHQL_MAX_COST: '5000',
    GRAPHQL_MAX_TAKE: '25',
    GRAPHQL_MAX_BODY_KB: '64',
    GRAPHQL_INTROSPECTION: 'true',
    NODE_ENV: 'production',
  })
  expect(limits).toEqual({
    maxDepth: 7,
    maxAliases: 8,
    maxRootFields: 9,
    maxMutationFields: 2,
    maxDirectives: 3,
    maxTokens: 400,
    maxCost: 5000,
    maxTake: 25,
    maxBodyBytes: 64 * 1024,
    introspection: true,
  })
})

test.each([['GRAPHQL_MAX_DEPTH', '0'], ['GRAPHQL_MAX_TAKE', '-5'], ['GRAPHQL_MAX_COST', '1e3.5'], ['GRAPHQL_MAX_BODY_KB', 'lots'], ['GRAPHQL_INTROSPECTION', 'maybe']])(
  '%s=%s stops start-up naming the variable',
  (name, value) => {
    expect(() => apiLimitsFromEnv({ [name]: value })).toThrow(name)
  }
)
