// Typed errors thrown inside Keystone hooks reach HTTP clients with their own top-level extensions.code,
// not Keystone's KS_EXTENSION_ERROR wrapper; plugins' Prisma client extensions are composed.
import { definePlugin } from '../../../plugins/kernel'
import { typedError } from '../../../schema/shared/errors'
import { startTestApp, TEST_ADMIN, type TestApp } from '../../harness/app'
import { createOrganization } from '../../harness/factories'
import { gql, signIn } from '../../harness/http'

const prismaCalls: string[] = []
const throwing = definePlugin({
  name: 'throwing',
  extendLists: {
    Property: {
      hooks: {
        resolveInput: ({ resolvedData }) => {
          if (resolvedData.name === 'bad input') throw typedError('TEST_BAD_INPUT', 'That name is not allowed', { field: 'name' })
          return resolvedData
        },
        validate: ({ resolvedData, operation }) => {
          if (operation !== 'create') return
          if (resolvedData.name === 'invalid') throw typedError('TEST_INVALID', 'Invalid property')
          if (resolvedData.name === 'handled') {
            try {
              throw typedError('TEST_HANDLED', 'caught by the hook itself')
            } catch {
              throw new Error('a plain failure after a handled typed error')
            }
          }
        },
      },
    },
  },
  extendPrismaClient: client =>
    client.$extends({ query: { property: { create: ({ args, query }: any) => (prismaCalls.push('a'), query(args)) } } }),
})
const second = definePlugin({
  name: 'second-prisma-extension',
  extendPrismaClient: client =>
    client.$extends({ query: { property: { create: ({ args, query }: any) => (prismaCalls.push('b'), query(args)) } } }),
})

const CREATE = `mutation($data: PropertyCreateInput!) { createProperty(data: $data) { id name } }`
const CREATE_MANY = `mutation($data: [PropertyCreateInput!]!) { createProperties(data: $data) { id name } }`

let app: TestApp
let auth: Record<string, string>
let orgId: string
beforeAll(async () => {
  app = await startTestApp({ http: true, plugins: [throwing, second] })
  const { result } = await signIn(app.url, TEST_ADMIN.email, TEST_ADMIN.password)
  auth = { authorization: `Bearer ${result.sessionToken}` }
  orgId = (await createOrganization(app.context)).id
})
afterAll(() => app.close())

const data = (name: string) => ({ name, organization: { connect: { id: orgId } } })

test('a typed error from a resolveInput hook keeps its code, message and extra extensions', async () => {
  const { body } = await gql(app.url, CREATE, { data: data('bad input') }, auth)
  expect(body.errors).toHaveLength(1)
  expect(body.errors![0]).toMatchObject({
    message: 'That name is not allowed',
    extensions: { code: 'TEST_BAD_INPUT', field: 'name' },
    path: ['createProperty'],
  })
  expect(await app.context.sudo().db.Property.count({ where: { name: { equals: 'bad input' } } })).toBe(0)
})

test('a typed error from a validate hook keeps its code', async () => {
  const { body } = await gql(app.url, CREATE, { data: data('invalid') }, auth)
  expect(body.errors![0].extensions!.code).toBe('TEST_INVALID')
})

test('createMany: each failing item carries its own code; the others are created', async () => {
  const { body } = await gql(app.url, CREATE_MANY, { data: [data('fine'), data('invalid'), data('bad input')] }, auth)
  expect(body.data!.createProperties[0]).toMatchObject({ name: 'fine' })
  expect(body.errors!.map(e => [e.extensions!.code, (e as any).path])).toEqual([
    ['TEST_INVALID', ['createProperties', 1]],
    ['TEST_BAD_INPUT', ['createProperties', 2]],
  ])
})

test('a typed error a hook caught and handled does not replace the error that really happened', async () => {
  const { body } = await gql(app.url, CREATE, { data: data('handled') }, auth)
  expect(body.errors![0].extensions!.code).toBe('KS_EXTENSION_ERROR')
})

test('the same through context.query (the GraphQL schema, not only HTTP)', async () => {
  await expect(app.context.sudo().query.Property.createOne({ data: data('invalid') })).rejects.toMatchObject({
    extensions: { code: 'TEST_INVALID' },
  })
})

test("plugins' Prisma client extensions are all applied", async () => {
  prismaCalls.length = 0
  await app.context.sudo().db.Property.createOne({ data: data('counted') })
  expect(prismaCalls.sort()).toEqual(['a', 'b'])
})

test("a typed error's stack reads as its usual text (logs, String(), JSON)", () => {
  const error = typedError('TEST_TEXT', 'plain text please')
  expect(String(error.stack)).toMatch(/^GraphQLError: plain text please\n\s+at /)
  expect(JSON.parse(JSON.stringify({ stack: error.stack })).stack).toBe(String(error.stack))
  expect(require('node:util').inspect(error)).toContain('GraphQLError: plain text please')
})
