// The access matrix of ContactExportTask: staff holding exportContacts in the organization (and admins)
// see and start exports; nobody edits or deletes one through the API (cancel is an action, tested below).
import type { KeystoneContext } from '@keystone-6/core/types'
import { crudAccess, expectedAccess, matrixFor, type Case } from '../../harness/access-matrix'
import { startTestApp, type TestApp } from '../../harness/app'
import { ALL_PERMISSIONS } from '../../harness/contacts'
import { as, createOrganization, createStaff, createUser } from '../../harness/factories'
import { waitForExport } from '../../plugins/exports/helpers'

const ROLES = ['anonymous', 'resident', 'otherResident', 'staffWithExport', 'staffWithoutExport', 'otherOrgStaff', 'admin'] as const
type Role = (typeof ROLES)[number]
const { only, nobody } = matrixFor(ROLES)

let app: TestApp
const ctx = {} as Record<Role, KeystoneContext<any>>
let users: Record<Role, any>
let org: string

beforeAll(async () => {
  app = await startTestApp()
  org = (await createOrganization(app.context)).id
  const other = (await createOrganization(app.context)).id
  users = {
    anonymous: undefined,
    resident: await createUser(app.context, { type: 'resident' }),
    otherResident: await createUser(app.context, { type: 'resident' }),
    staffWithExport: await createStaff(app.context, org, ['exportContacts']),
    staffWithoutExport: await createStaff(app.context, org, ALL_PERMISSIONS.filter(p => p !== 'exportContacts')),
    otherOrgStaff: await createStaff(app.context, other, ALL_PERMISSIONS),
    admin: await createUser(app.context, { isAdmin: true }),
  }
  for (const role of ROLES) ctx[role] = as(app.context, users[role])
}, 60_000)
afterAll(() => app.close())

const CASE: Case<Role> = {
  list: 'ContactExportTask',
  item: () => app.context.prisma.contactExportTask.create({ data: { organizationId: org, status: 'done' }, select: { id: true } }),
  createData: () => ({ organization: { connect: { id: org } }, archived: 'all' }),
  updateData: { archived: 'live' },
  read: only('staffWithExport', 'admin'),
  create: only('staffWithExport', 'admin'),
  update: nobody,
  delete: nobody,
}

test.each(ROLES)('%s', async role => {
  expect(await crudAccess(ctx[role], CASE)).toEqual(expectedAccess(CASE, role))
})

describe('cancel', () => {
  const CANCEL = 'mutation($id: ID!) { cancelContactExportTask(where: { id: $id }) { status } }'
  const queued = () => app.context.prisma.contactExportTask.create({ data: { organizationId: org, status: 'queued', attempt: 5 }, select: { id: true } })

  test('staff with exportContacts cancel a queued export; a finished one is EXPORT_NOT_ACTIVE', async () => {
    const task = await queued()
    const res = await ctx.staffWithExport.graphql.raw({ query: CANCEL, variables: { id: task.id } })
    expect(res.errors).toBeUndefined()
    expect((res.data as any).cancelContactExportTask.status).toBe('cancelled')
    const again = await ctx.staffWithExport.graphql.raw({ query: CANCEL, variables: { id: task.id } })
    expect(again.errors?.[0].extensions?.code).toBe('EXPORT_NOT_ACTIVE')
  })

  test.each(['staffWithoutExport', 'otherOrgStaff'] as const)('%s: EXPORT_NOT_FOUND, nothing changed', async role => {
    const task = await queued()
    const res = await ctx[role].graphql.raw({ query: CANCEL, variables: { id: task.id } })
    expect(res.errors?.[0].extensions?.code).toBe('EXPORT_NOT_FOUND')
    expect((await app.context.prisma.contactExportTask.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('queued')
  })

  test.each(['anonymous', 'resident'] as const)('%s: refused by the action access', async role => {
    const task = await queued()
    const res = await ctx[role].graphql.raw({ query: CANCEL, variables: { id: task.id } })
    expect(res.errors?.[0].extensions?.code).toBe('KS_ACCESS_DENIED')
    expect((await app.context.prisma.contactExportTask.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('queued')
  })
})

test('an export started by staff runs (the created row is queued with its starter)', async () => {
  const task = await ctx.staffWithExport.query.ContactExportTask.createOne({ data: { organization: { connect: { id: org } } }, query: 'id startedBy { id }' })
  expect(task.startedBy.id).toBe(users.staffWithExport.id)
  expect((await waitForExport(app.context, task.id)).status).toBe('done')
})
