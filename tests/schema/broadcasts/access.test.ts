// Who may read, compose, change and delete broadcasts, and who may count, send and cancel them:
// staff holding `broadcast` in the organization and admins; nobody else, staff of another organization included.
import type { KeystoneContext } from '@keystone-6/core/types'
import { crudAccess, expectedAccess, matrixFor, type Case } from '../../harness/access-matrix'
import { startTestApp, type TestApp } from '../../harness/app'
import { as, createOrganization, createStaff, createUser } from '../../harness/factories'

const ROLES = ['anonymous', 'resident', 'staffWith', 'staffWithout', 'otherStaff', 'admin'] as const
type Role = (typeof ROLES)[number]
const { only } = matrixFor(ROLES)

let app: TestApp
let prisma: any
const ctx = {} as Record<Role, KeystoneContext<any>>
let orgId: string
let seq = 0

beforeAll(async () => {
  app = await startTestApp()
  prisma = app.context.prisma
  const org = await createOrganization(app.context)
  const other = await createOrganization(app.context)
  orgId = org.id
  const users = {
    anonymous: undefined,
    resident: await createUser(app.context, { type: 'resident' }),
    staffWith: await createStaff(app.context, org.id, ['broadcast']),
    staffWithout: await createStaff(app.context, org.id, ['manageMessages', 'readContacts', 'manageContacts']),
    otherStaff: await createStaff(app.context, other.id, ['broadcast', 'manageMessages']),
    admin: await createUser(app.context, { isAdmin: true }),
  }
  for (const role of ROLES) ctx[role] = as(app.context, users[role] as any)
})
afterAll(() => app.close())

const draft = () => prisma.broadcast.create({ data: { organizationId: orgId, title: `Notice ${++seq}`, body: 'Water off', unitTypes: [] } })

const broadcast: Case<Role> = {
  list: 'Broadcast',
  item: draft,
  createData: () => ({ organization: { connect: { id: orgId } }, title: 'Water off Saturday', body: '9-12' }),
  updateData: { title: 'Water off Sunday' },
  read: only('staffWith', 'admin'),
  create: only('staffWith', 'admin'),
  update: only('staffWith', 'admin'),
  delete: only('staffWith', 'admin'),
}

describe('Broadcast', () => {
  test.each(ROLES)('%s', async role => {
    expect(await crudAccess(ctx[role], broadcast)).toEqual(expectedAccess(broadcast, role))
  })
})

async function codeOf(role: Role, query: string, variables: Record<string, unknown>) {
  const result = await ctx[role].graphql.raw({ query, variables })
  return (result.errors?.[0]?.extensions?.code as string | undefined) ?? 'ok'
}

describe.each([
  ['broadcastRecipientCount', 'query($id: ID!) { broadcastRecipientCount(id: $id) }'],
  ['sendBroadcast', 'mutation($id: ID!) { sendBroadcast(id: $id, scheduledAt: "2099-01-01T00:00:00Z") { id } }'],
  ['cancelBroadcast', 'mutation($id: ID!) { cancelBroadcast(id: $id) { id } }'],
])('%s', (_name, query) => {
  test.each([
    ['anonymous', 'AUTHENTICATION_REQUIRED'],
    ['resident', 'BROADCAST_NOT_FOUND'],
    ['staffWithout', 'BROADCAST_NOT_FOUND'],
    ['otherStaff', 'BROADCAST_NOT_FOUND'],
    ['staffWith', 'ok'],
    ['admin', 'ok'],
  ] as const)('%s: %s', async (role, code) => {
    const { id } = await draft()
    expect(await codeOf(role, query, { id })).toBe(code)
    const stored = await prisma.broadcast.findUnique({ where: { id } })
    if (code !== 'ok') expect([stored.status, stored.sentById]).toEqual(['draft', null])
  })
})

test('bad input is a typed error and writes nothing', async () => {
  const before = await prisma.broadcast.count()
  for (const [data, code] of [
    [{ title: '', body: 'x' }, 'WRONG_BROADCAST_TITLE'],
    [{ title: 'Line\nbreak', body: 'x' }, 'INVALID_CHARACTERS'], // the rule every single-line text follows
    [{ title: 'ok', body: 'x'.repeat(2001) }, 'WRONG_BROADCAST_BODY'],
    [{ title: 'ok', body: '   ' }, 'WRONG_BROADCAST_BODY'],
  ] as const) {
    const result = await ctx.staffWith.graphql.raw({
      query: 'mutation($d: BroadcastCreateInput!) { createBroadcast(data: $d) { id } }',
      variables: { d: { organization: { connect: { id: orgId } }, ...data } },
    })
    expect(result.errors?.[0]?.extensions?.code).toBe(code)
  }
  expect(await prisma.broadcast.count()).toBe(before)
})
