// Benchmark: what the query limits cost per request (plugins/api-limits checkOperation: graphql-armor's
// rules and the complexity walk), next to what graphql-js validation of the same document costs (Apollo
// runs it for every query it has not cached). In-process, on the real schema; no database needed.
//
//   npm run bench:limits [-- --runs 2000]
import { parse, validate, specifiedRules, type DocumentNode } from 'graphql'
import { createSystem } from '@keystone-6/core/___internal-do-not-use-will-break-in-patch/artifacts'
import { buildConfig } from '../config'
import { apiLimitsFromEnv } from '../plugins/api-limits'
import { checkOperation, shapeRules } from '../plugins/api-limits/query-limits'
import { flag } from './lib/args'

const RUNS = flag('runs', 2000)

const QUERIES: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  'Admin UI contacts page (100 rows, 9 columns)': {
    query: `query ($where: ContactWhereInput, $take: Int!, $skip: Int!, $orderBy: [ContactOrderByInput!]) {
      items: contacts(where: $where, take: $take, skip: $skip, orderBy: $orderBy) {
        id name type role { id label: name } property { id label: name } unitName phone email notes
      }
      count: contactsCount(where: $where)
    }`,
    variables: { where: {}, take: 100, skip: 0, orderBy: [] },
  },
  'a resident app query (myMessages)': { query: '{ myMessages(take: 20) { id type meta status createdAt readAt } myMessagesCount(unreadOnly: true) }' },
  'the refused 15-level employment chain': {
    query: `{ organizations { ${'employees { user { employments { organization { '.repeat(3)}employees { user { employments { id } } } ${'} } } } '.repeat(3)}} }`,
  },
}

function median(values: number[]) {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
}

/** Median microseconds of `run` over RUNS calls (after a warm-up of RUNS / 10). */
function time(run: () => unknown): number {
  for (let i = 0; i < RUNS / 10; i++) run()
  const samples: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint()
    run()
    samples.push(Number(process.hrtime.bigint() - start) / 1000)
  }
  return median(samples)
}

const env = { ...process.env, SESSION_SECRET: 'bench-session-secret-0123456789abcdefghijklmnop', NODE_ENV: 'development' }
const system = createSystem(buildConfig(env))
const schema = system.graphql.schemas.public
const limits = apiLimitsFromEnv(env)
const rules = shapeRules(limits)

console.log(`query limits vs graphql-js validation, median of ${RUNS} runs each (microseconds)\n`)
for (const [name, { query, variables }] of Object.entries(QUERIES)) {
  const document: DocumentNode = parse(query)
  const verdict = checkOperation(limits, rules, { schema, document, request: { variables } })
  const limitsUs = time(() => checkOperation(limits, rules, { schema, document, request: { variables } }))
  const validationUs = time(() => validate(schema, document, specifiedRules))
  console.log(`${name}: ${verdict ? `refused (${verdict.extensions.code})` : 'accepted'}`)
  console.log(`  limits ${limitsUs.toFixed(1)} us   validation ${validationUs.toFixed(1)} us   ratio ${(limitsUs / validationUs).toFixed(2)}`)
}
