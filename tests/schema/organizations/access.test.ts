// The access matrix of the core lists: Organization, Property, OrganizationEmployee and User.
// Roles: anonymous, a resident, staff of the organization with and without the permission the list needs,
// staff of another organization (with every permission there), and an admin.
import type { KeystoneContext } from '@keystone-6/core/types'
import { crudAccess, expectedAccess, matrixFor, type Case } from '../../harness/access-matrix'
import { startTestApp, type TestApp } from '../../harness/app'
import { ALL_PERMISSIONS } from '../../harness/contacts'
import { as, createOrganization, createProperty, createStaff, createUser } from '../../harness/factories'

const ROLES = ['anonymous', 'resident', 'staffWith', 'staffWithout', 'otherStaff', 'admin'] as const
type Role = (typeof ROLES)[number]
const { only } = matrixFor(ROLES)

let app: TestApp
const ctx = {} as Record<Role, KeystoneContext<any>>
let org: string
let users: Record<Role, any>
/** Users the staff with the permission can see (colleagues in a third organization), to employ here. */
const recruits: string[] = []

beforeAll(async () => {
  app = await startTestApp()
  org = (await createOrganization(app.context)).id
  const other = (await createOrganization(app.context)).id
  const pool = (await createOrganization(app.context)).id
  const staffWith = await createStaff(app.context, org, ['manageEmployees', 'manageProperties'])
  await app.context.sudo().db.OrganizationEmployee.createOne({ data: { user: { connect: { id: staffWith.id } }, organization: { connect: { id: pool } } } })
  for (let i = 0; i < ROLES.length; i++) recruits.push((await createStaff(app.context, pool)).id)
  users = {
    anonymous: undefined,
    resident: await createUser(app.context, { type: 'resident' }),
    staffWith,
    staffWithout: await createStaff(app.context, org, ALL_PERMISSIONS.filter(p => p !== 'manageEmployees' && p !== 'manageProperties')),
    otherStaff: await createStaff(app.context, other, ALL_PERMISSIONS),
    admin: await createUser(app.context, { isAdmin: true }),
  }
  for (const role of ROLES) ctx[role] = as(app.context, users[role] as any)
})
afterAll(() => app.close())

const CASES: Case<Role>[] = [
  {
    list: 'Organization',
    // a fresh organization employing the two staff roles as `org` does
    item: async () => {
      const fresh = await createOrganization(app.context)
      const employ = (user: { id: string }, data: object) =>
        app.context.sudo().db.OrganizationEmployee.createOne({ data: { user: { connect: { id: user.id } }, organization: { connect: { id: fresh.id } }, ...data } })
      await employ(users.staffWith, { manageEmployees: true, manageProperties: true })
      await employ(users.staffWithout, Object.fromEntries(ALL_PERMISSIONS.filter(p => p !== 'manageEmployees' && p !== 'manageProperties').map(p => [p, true])))
      return fresh
    },
    createData: () => ({ name: 'New', country: 'GB' }),
    updateData: { name: 'Renamed' },
    read: only('staffWith', 'staffWithout', 'admin'),
    create: only('admin'),
    // manageEmployees is the organization's own administration
    update: only('staffWith', 'admin'),
    delete: only('admin'),
  },
  {
    list: 'Property',
    item: () => createProperty(app.context, org),
    createData: () => ({ organization: { connect: { id: org } }, name: 'Tower B', address: '2 Main St' }),
    updateData: { address: '3 Main St' },
    read: only('staffWith', 'staffWithout', 'admin'),
    create: only('staffWith', 'admin'),
    update: only('staffWith', 'admin'),
    delete: only('staffWith', 'admin'),
  },
  {
    list: 'OrganizationEmployee',
    item: async () => {
      const user = await createStaff(app.context, org)
      return (await app.context.sudo().db.OrganizationEmployee.findMany({ where: { user: { id: { equals: user.id } } } }))[0] as { id: string }
    },
    createData: () => ({ organization: { connect: { id: org } }, user: { connect: { id: recruits.pop() } } }),
    updateData: { readContacts: true },
    read: only('staffWith', 'staffWithout', 'admin'),
    create: only('staffWith', 'admin'),
    update: only('staffWith', 'admin'),
    delete: only('staffWith', 'admin'),
  },
  {
    list: 'User',
    // a colleague: staff of the organization see each other
    item: () => createStaff(app.context, org),
    createData: () => ({ name: 'New user', email: `new-${Math.random()}@test.example`, password: 'password-123' }),
    updateData: { name: 'Renamed' },
    read: only('staffWith', 'staffWithout', 'admin'),
    create: only('admin'),
    update: only('admin'),
    delete: only('admin'),
  },
]

describe.each(CASES)('$list', c => {
  test.each(ROLES)('%s', async role => {
    expect(await crudAccess(ctx[role], c)).toEqual(expectedAccess(c, role))
  })
})

test('a user reads their own account, and staff of another organization do not see this one’s people', async () => {
  const resident = await createUser(app.context, { type: 'resident' })
  const self = await as(app.context, resident).query.User.findOne({ where: { id: resident.id }, query: 'id' })
  expect(self).toEqual({ id: resident.id })
  const colleague = await createStaff(app.context, org)
  expect(await ctx.otherStaff.query.User.findOne({ where: { id: colleague.id }, query: 'id' })).toBeNull()
  expect(await ctx.resident.query.User.findOne({ where: { id: colleague.id }, query: 'id' })).toBeNull()
})

test('an employment is labelled by its user’s name (the owner pickers of a contact), for those who see it', async () => {
  const rows = (await ctx.staffWith.graphql.run({ query: `query($org: ID!) { organizationEmployees(where: { organization: { id: { equals: $org } } }) { label user { name } } }`, variables: { org } })) as any
  expect(rows.organizationEmployees.length).toBeGreaterThan(1)
  // the same name the user relationship shows (an employment whose user was deleted has neither)
  for (const row of rows.organizationEmployees) expect(row.label).toBe(row.user?.name ?? null)
  expect(rows.organizationEmployees.filter((row: any) => row.label).length).toBeGreaterThan(1)
  const outsider = (await ctx.otherStaff.graphql.run({ query: `query($org: ID!) { organizationEmployees(where: { organization: { id: { equals: $org } } }) { label } }`, variables: { org } })) as any
  expect(outsider.organizationEmployees).toEqual([])
})
