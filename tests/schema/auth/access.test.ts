// The access matrix of UserSession (one row per signed-in device). Roles: anonymous, the session's own user
// (a resident, a staff member), another resident, a colleague of the staff member with every permission,
// and an admin. Its rows are written by sign-in only: creating or editing one is not in the API at all.
import type { KeystoneContext } from '@keystone-6/core/types'
import { crudAccess, expectedAccess, matrixFor, type Case } from '../../harness/access-matrix'
import { startTestApp, type TestApp } from '../../harness/app'
import { ALL_PERMISSIONS } from '../../harness/contacts'
import { as, createOrganization, createStaff, createUser } from '../../harness/factories'

const ROLES = ['anonymous', 'ownerResident', 'ownerStaff', 'otherResident', 'colleague', 'admin'] as const
type Role = (typeof ROLES)[number]
const { only, nobody } = matrixFor(ROLES)

let app: TestApp
const ctx = {} as Record<Role, KeystoneContext<any>>
let users: Record<Role, any>

beforeAll(async () => {
  app = await startTestApp()
  const org = (await createOrganization(app.context)).id
  users = {
    anonymous: undefined,
    ownerResident: await createUser(app.context, { type: 'resident' }),
    ownerStaff: await createStaff(app.context, org),
    otherResident: await createUser(app.context, { type: 'resident' }),
    colleague: await createStaff(app.context, org, ALL_PERMISSIONS),
    admin: await createUser(app.context, { isAdmin: true }),
  }
  for (const role of ROLES) ctx[role] = as(app.context, users[role])
})
afterAll(() => app.close())

const sessionOf = (role: Role) => () =>
  app.context.prisma.userSession.create({ data: { userId: users[role].id, expiresAt: new Date(Date.now() + 3_600_000) }, select: { id: true } })

// create and update are left out of the GraphQL schema: context.query finds no such mutation
const NOT_IN_API = ['NOT_IN_API']
const base = { list: 'UserSession', createData: () => ({}), updateData: { userAgent: 'changed' }, create: nobody, update: nobody, refusals: { create: NOT_IN_API, update: NOT_IN_API } }

const CASES: Case<Role>[] = [
  { ...base, item: sessionOf('ownerResident'), read: only('ownerResident', 'admin'), delete: only('ownerResident', 'admin') },
  { ...base, item: sessionOf('ownerStaff'), read: only('ownerStaff', 'admin'), delete: only('ownerStaff', 'admin') },
]

/** context.query's create/update of a list whose mutations are not in the schema fail without a code: name that failure only. */
function withMissingMutations(context: KeystoneContext<any>): KeystoneContext<any> {
  const query = context.query.UserSession
  const missing = (name: 'createOne' | 'updateOne') => async (args: any) => {
    try {
      return await query[name](args)
    } catch (error) {
      if (!/This mutation is not supported by the GraphQL schema/.test((error as Error).message)) throw error
      throw Object.assign(new Error(`${name}: ${(error as Error).message}`), { extensions: { code: 'NOT_IN_API' } })
    }
  }
  return { ...context, query: { ...context.query, UserSession: { ...query, createOne: missing('createOne'), updateOne: missing('updateOne') } } } as any
}

describe.each(CASES.map((c, i) => ({ ...c, owner: ['a resident', 'a staff member'][i] })))("a session of $owner", c => {
  test.each(ROLES)('%s', async role => {
    expect(await crudAccess(withMissingMutations(ctx[role]), c)).toEqual(expectedAccess(c, role))
  })
})

test('createUserSession and updateUserSession do not exist', () => {
  const mutations = app.context.graphql.schema.getMutationType()!.getFields()
  expect(Object.keys(mutations).filter(name => /UserSessions?$/.test(name)).sort()).toEqual(['deleteUserSession', 'deleteUserSessions'])
})

test('the Admin UI shows "Sign out everywhere" to admins on any user and to a user on themself only', async () => {
  const ACTIONS = `query($id: ID) { keystone { adminMeta { list(key: "User", itemId: $id) { actions { key itemView { actionMode } } } } } }`
  const modeFor = async (role: Role, of: Role) => {
    const res = await ctx[role].graphql.raw({ query: ACTIONS, variables: { id: users[of].id } })
    expect(res.errors).toBeUndefined()
    const actions = (res.data as any).keystone.adminMeta.list.actions
    return actions.find((a: any) => a.key === 'signOutEverywhere').itemView.actionMode
  }
  expect(await modeFor('admin', 'ownerStaff')).toBe('enabled')
  expect(await modeFor('ownerStaff', 'ownerStaff')).toBe('enabled')
  expect(await modeFor('colleague', 'ownerStaff')).toBe('hidden')
})
