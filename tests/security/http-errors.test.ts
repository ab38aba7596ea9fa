// What a client gets back for bad HTTP input, over a real server in production mode and in development:
// a JSON error with a stable code and no stack trace, never an HTML page; in production, an unexpected
// failure inside a resolver or hook is a generic message, and introspection is off.
import { g } from '@keystone-6/core'
import { startTestApp, type TestApp } from '../harness/app'
import { clientFor, codeOf } from '../harness/contacts'
import { createOrganization, createUser } from '../harness/factories'
import { definePlugin } from '../../plugins/kernel'
import { telegramPlugin, TELEGRAM_WEBHOOK_PATH } from '../../plugins/telegram'

const WEBHOOK_SECRET = 'webhook-secret-0123456789'
const MAX_BODY_KB = 16

/** A resolver and a hook that fail the way bugs do: with a plain Error carrying internal detail. */
const failing = definePlugin({
  name: 'test-failing',
  extendGraphqlSchema: g.extend(() => ({
    query: {
      failingField: g.field({
        type: g.String,
        resolve() {
          throw new Error('connect ECONNREFUSED 10.0.0.5:5432 (internal detail)')
        },
      }),
    },
  })),
  extendLists: {
    Property: {
      hooks: {
        validate: ({ resolvedData }: any) => {
          if (resolvedData?.name === 'explode') throw new Error('undefined is not a function (internal detail)')
        },
      },
    },
  },
})

type Mode = 'production' | 'development'
const apps = {} as Record<Mode, TestApp>

beforeAll(async () => {
  for (const mode of ['production', 'development'] as const) {
    apps[mode] = await startTestApp({
      http: true,
      plugins: [failing],
      channels: [telegramPlugin({ transports: [], webhookSecret: WEBHOOK_SECRET })],
      env: { NODE_ENV: mode, GRAPHQL_MAX_BODY_KB: String(MAX_BODY_KB) },
    })
  }
})
afterAll(() => Promise.all(Object.values(apps).map(app => app.close())))

type Request = { path?: string; method?: string; headers?: Record<string, string>; body?: string }
type Row = { name: string; request: Request; status: number; code: string }

const json = { 'content-type': 'application/json' }
const oversized = JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(MAX_BODY_KB * 1024) } })

const ROWS: Row[] = [
  { name: 'malformed JSON', request: { headers: json, body: '{"query": "{ __typename }"' }, status: 400, code: 'BAD_REQUEST' },
  { name: 'JSON with a NUL where a value starts', request: { headers: json, body: '{"query": \u0000}' }, status: 400, code: 'BAD_REQUEST' },
  { name: 'an empty JSON body', request: { headers: json, body: '' }, status: 400, code: 'BAD_REQUEST' },
  { name: 'a body over GRAPHQL_MAX_BODY_KB', request: { headers: json, body: oversized }, status: 413, code: 'PAYLOAD_TOO_LARGE' },
  { name: 'text/plain', request: { headers: { 'content-type': 'text/plain' }, body: '{ __typename }' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'a form', request: { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B__typename%7D' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'XML', request: { headers: { 'content-type': 'application/xml' }, body: '<query/>' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'no content type', request: { body: '{"query":"{ __typename }"}' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'JSON in a charset other than UTF-8', request: { headers: { 'content-type': 'application/json; charset=latin1' }, body: '{}' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'an unknown content encoding', request: { headers: { ...json, 'content-encoding': 'x-unknown' }, body: '{}' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'a gzip body that is not gzip', request: { headers: { ...json, 'content-encoding': 'gzip' }, body: 'not gzip' }, status: 400, code: 'BAD_REQUEST' },
  { name: 'a batch (array) of operations', request: { headers: json, body: '[{"query":"{ __typename }"}]' }, status: 400, code: 'BAD_REQUEST' },
  { name: 'a JSON string instead of an object', request: { headers: json, body: '"{ __typename }"' }, status: 400, code: 'BAD_REQUEST' },
  { name: 'an operation without a query', request: { headers: json, body: '{"variables":{}}' }, status: 400, code: 'BAD_REQUEST' },
  { name: 'a query that is not a string', request: { headers: json, body: '{"query":{"a":1}}' }, status: 400, code: 'BAD_REQUEST' },
  { name: 'a query that does not parse', request: { headers: json, body: '{"query":"{ contacts( }"}' }, status: 400, code: 'GRAPHQL_PARSE_FAILED' },
  { name: 'a multipart upload without its parts', request: { headers: { 'content-type': 'multipart/form-data', 'apollo-require-preflight': 'true' }, body: 'x' }, status: 400, code: 'BAD_REQUEST' },
  { name: 'a broken multipart upload', request: { headers: { 'content-type': 'multipart/form-data; boundary=xyz', 'apollo-require-preflight': 'true' }, body: '--xyz\r\nbroken' }, status: 400, code: 'BAD_REQUEST' },
  { name: 'a GET query that does not parse', request: { path: '/api/graphql?query=%7B', method: 'GET', headers: { 'apollo-require-preflight': 'true' } }, status: 400, code: 'GRAPHQL_PARSE_FAILED' },
  { name: 'GET variables that are not JSON', request: { path: '/api/graphql?query=%7B__typename%7D&variables=%7B', method: 'GET', headers: { 'apollo-require-preflight': 'true' } }, status: 400, code: 'BAD_REQUEST' },
  { name: 'a mutation over GET', request: { path: '/api/graphql?query=mutation%7BendSession%7D', method: 'GET', headers: { 'apollo-require-preflight': 'true' } }, status: 405, code: 'BAD_REQUEST' },
  { name: 'an unknown route', request: { path: '/api/nothing-here', method: 'GET' }, status: 404, code: 'NOT_FOUND' },
  { name: 'malformed JSON to the Telegram webhook', request: { path: TELEGRAM_WEBHOOK_PATH, headers: { ...json, 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, body: '{"message":' }, status: 400, code: 'BAD_REQUEST' },
  {
    name: 'an oversized body to the Telegram webhook',
    request: { path: TELEGRAM_WEBHOOK_PATH, headers: { ...json, 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, body: JSON.stringify({ pad: 'x'.repeat(300 * 1024) }) },
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
]

async function send(app: TestApp, { path = '/api/graphql', method = 'POST', headers = {}, body }: Request) {
  const res = await fetch(`${app.url}${path}`, { method, headers, body: method === 'GET' ? undefined : body })
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() }
}

/** No stack trace, file path or Express/Node internals in what the client reads. */
function expectNoInternals(text: string) {
  expect(text).not.toMatch(/stacktrace|"stack"|\n\s+at |node_modules|\.ts:\d|<html|<pre>/i)
}

describe.each(['production', 'development'] as const)('in %s mode', mode => {
  test.each(ROWS)('$name: $status $code as JSON, without a stack trace', async ({ request, status, code }) => {
    const res = await send(apps[mode], request)
    expect({ status: res.status, contentType: res.contentType }).toEqual({ status, contentType: expect.stringMatching(/^application\/(graphql-response\+)?json/) })
    expect(codeOf(JSON.parse(res.text))).toBe(code)
    expectNoInternals(res.text)
  })

  test('a typed error still reaches the client with its code and message', async () => {
    const client = await clientFor(apps[mode], await createUser(apps[mode].context, { isAdmin: true }))
    const { body } = await client('{ contacts(take: -1) { id } }')
    expect(body.errors).toEqual([{ message: 'Query.contacts: take cannot be negative', extensions: { code: 'WRONG_PAGE', argument: 'take' } }])
  })
})

describe('in production mode', () => {
  const app = () => apps.production

  test('a failing resolver answers a generic error with a stable code, no detail, no stack', async () => {
    const client = await clientFor(app(), await createUser(app().context, { isAdmin: true }))
    const res = await client('{ failingField }')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      data: { failingField: null },
      errors: [{ message: 'Internal server error', locations: [{ line: 1, column: 3 }], path: ['failingField'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    })
  })

  test('a failing hook answers the same, and writes nothing', async () => {
    const client = await clientFor(app(), await createUser(app().context, { isAdmin: true }))
    const organization = await createOrganization(app().context)
    const res = await client(`mutation ($org: ID!) { createProperty(data: { name: "explode", organization: { connect: { id: $org } } }) { id } }`, { org: organization.id })
    expect(res.body.errors).toEqual([expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } })])
    expectNoInternals(JSON.stringify(res.body))
    expect(await app().context.sudo().db.Property.count({ where: { name: { equals: 'explode' } } })).toBe(0)
  })

  test('introspection is off', async () => {
    const res = await send(app(), { headers: json, body: JSON.stringify({ query: '{ __schema { types { name } } }' }) })
    expect(res.status).toBe(400)
    expect(codeOf(JSON.parse(res.text))).toBe('GRAPHQL_VALIDATION_FAILED')
  })
})

describe('in development mode', () => {
  test('the failing resolver shows its message to the developer; introspection is on', async () => {
    const client = await clientFor(apps.development, await createUser(apps.development.context, { isAdmin: true }))
    const failed = await client('{ failingField }')
    expect(failed.body.errors![0].message).toContain('internal detail')
    const schema = await client('{ __schema { queryType { name } } }')
    expect(schema.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } })
  })
})
