// The tenant boundary, table-driven over the running schema: every organization-owned list (a list with an
// `organization` relationship) x every relationship on it x "link a row of the other organization", on create
// and on update, by a staff member employed (with every permission) by both organizations and by an admin.
// A new list or relationship joins by existing; the suite fails until tenant-rows.ts knows how to make its rows.
import type { KeystoneContext } from '@keystone-6/core/types'
import { createSystem } from '@keystone-6/core/___internal-do-not-use-will-break-in-patch/artifacts'
import { buildConfig } from '../../config'
import { startTestApp, TEST_SESSION_SECRET, type TestApp } from '../harness/app'
import { as, createOrganization, createUser } from '../harness/factories'
import { ALL_PERMISSIONS } from '../harness/contacts'
import { exempt, ownedLists, rowIn, type Writer } from './tenant-rows'

// `create`/`update`: whether the field is in the GraphQL input at all (fields left out cannot be written)
type Relation = { list: string; field: string; target: string; many: boolean; create: boolean; update: boolean }
type Names = { createMutationName: string; createInputName: string; updateMutationName: string; updateInputName: string }

/** The lists and relationship fields of the schema, read from Keystone's own model of the config. */
function readSchema() {
  const config = buildConfig({ ...process.env, SESSION_SECRET: TEST_SESSION_SECRET })
  const lists = (createSystem(config) as any).lists as Record<string, { fields: Record<string, { dbField: any; graphql: any }>; graphql: { names: Names } }>
  const relations: Relation[] = []
  for (const [list, { fields }] of Object.entries(lists)) {
    for (const [field, { dbField, graphql }] of Object.entries(fields)) {
      if (dbField.kind !== 'relation') continue
      relations.push({ list, field, target: dbField.list, many: dbField.mode === 'many', create: graphql.isEnabled.create, update: graphql.isEnabled.update })
    }
  }
  const owned = [...new Set(relations.filter(r => r.field === 'organization' && r.target === 'Organization' && !r.many).map(r => r.list))]
  const names = Object.fromEntries(Object.entries(lists).map(([list, { graphql }]) => [list, graphql.names]))
  return { relations, owned, names }
}

const { relations, owned, names } = readSchema()
/** The relationships of organization-owned lists the rule covers (all but the organization itself and the exempt). */
const underRule = relations.filter(r => owned.includes(r.list) && r.field !== 'organization' && !exempt[`${r.list}.${r.field}`])
const label = (r: Relation) => `${r.list}.${r.field} -> ${r.target}`

let app: TestApp
let A: string
let B: string
const actors = {} as Record<Writer, KeystoneContext<any>>

beforeAll(async () => {
  app = await startTestApp()
  A = (await createOrganization(app.context)).id
  B = (await createOrganization(app.context)).id
  const both = await createUser(app.context, { type: 'staff' })
  for (const organization of [A, B]) {
    await app.context.sudo().db.OrganizationEmployee.createOne({
      data: { user: { connect: { id: both.id } }, organization: { connect: { id: organization } }, ...Object.fromEntries(ALL_PERMISSIONS.map(p => [p, true])) },
    })
  }
  actors.staff = as(app.context, both)
  actors.admin = as(app.context, await createUser(app.context, { isAdmin: true }))
})
afterAll(() => app.close())

const linkTo = (id: string, many: boolean) => (many ? { connect: [{ id }] } : { connect: { id } })

async function run(ctx: KeystoneContext<any>, query: string, variables: Record<string, unknown>) {
  const result = (await ctx.graphql.raw({ query, variables })) as { data?: any; errors?: readonly any[] }
  return { ok: !result.errors?.length, code: (result.errors?.[0]?.extensions?.code as string | undefined) ?? null }
}

const create = (ctx: KeystoneContext<any>, list: string, data: Record<string, unknown>) =>
  run(ctx, `mutation($data: ${names[list].createInputName}!) { ${names[list].createMutationName}(data: $data) { id } }`, { data })

const update = (ctx: KeystoneContext<any>, list: string, id: string, data: Record<string, unknown>) =>
  run(ctx, `mutation($id: ID!, $data: ${names[list].updateInputName}!) { ${names[list].updateMutationName}(where: { id: $id }, data: $data) { id } }`, { id, data })

test('every organization-owned list, and every list its relationships reach, has its rows in tenant-rows.ts', () => {
  expect(owned.length).toBeGreaterThanOrEqual(8)
  expect(owned.filter(list => !ownedLists[list])).toEqual([])
  expect([...new Set(underRule.map(r => r.target))].filter(target => !rowIn[target])).toEqual([])
  for (const key of Object.keys(exempt)) expect(relations.some(r => `${r.list}.${r.field}` === key)).toBe(true)
})

describe.each(['staff', 'admin'] as const)('as %s', actor => {
  /** Whether the caller may write this field with a row of its own organization: then the rule must refuse. */
  const expectedFor = (r: Relation, writers: readonly Writer[]) => (writers.includes(actor) && !ownedLists[r.list].systemLinks ? 'CROSS_ORGANIZATION_REFERENCE' : 'KS_ACCESS_DENIED')

  test.each(underRule.filter(r => r.create).map(r => [label(r), r] as const))('create linking %s in the other organization is refused, nothing written', async (_label, r) => {
    const spec = ownedLists[r.list]
    const own = await rowIn[r.target](app.context, A)
    const foreign = await rowIn[r.target](app.context, B)
    const expected = expectedFor(r, spec.creators)
    const sameOrg = await create(actors[actor], r.list, { ...(await spec.createData(app.context, A, r.field)), [r.field]: linkTo(own.id, r.many) })
    // calibration: the same create with a row of the item's own organization succeeds exactly when the caller may write
    expect({ sameOrg: sameOrg.code }).toEqual({ sameOrg: expected === 'CROSS_ORGANIZATION_REFERENCE' ? null : 'KS_ACCESS_DENIED' })
    const before = await app.context.sudo().db[r.list].count()
    const crossOrg = await create(actors[actor], r.list, { ...(await spec.createData(app.context, A, r.field)), [r.field]: linkTo(foreign.id, r.many) })
    expect(crossOrg.code).toBe(expected)
    expect(await app.context.sudo().db[r.list].count()).toBe(before)
  })

  test.each(underRule.filter(r => r.update).map(r => [label(r), r] as const))('update linking %s in the other organization is refused, the link kept', async (_label, r) => {
    const spec = ownedLists[r.list]
    const item = await app.context.sudo().db[r.list].createOne({ data: await spec.createData(app.context, A, r.field) })
    const own = await rowIn[r.target](app.context, A)
    const foreign = await rowIn[r.target](app.context, B)
    const expected = expectedFor(r, spec.updaters)
    const sameOrg = await update(actors[actor], r.list, String(item.id), { [r.field]: linkTo(own.id, r.many) })
    expect({ sameOrg: sameOrg.code }).toEqual({ sameOrg: expected === 'CROSS_ORGANIZATION_REFERENCE' ? null : 'KS_ACCESS_DENIED' })
    const crossOrg = await update(actors[actor], r.list, String(item.id), { [r.field]: linkTo(foreign.id, r.many) })
    expect(crossOrg.code).toBe(expected)
    const stored = await app.context.sudo().query[r.list].findOne({ where: { id: String(item.id) }, query: `${r.field} { id }` })
    expect(([] as { id: string }[]).concat(stored?.[r.field] ?? []).map(x => x.id)).not.toContain(foreign.id)
  })

  test.each(owned)('a %s never changes organization', async list => {
    const item = await app.context.sudo().db[list].createOne({ data: await ownedLists[list].createData(app.context, A, '') })
    const result = await update(actors[actor], list, String(item.id), { organization: { connect: { id: B } } })
    expect(result.code).toBe(ownedLists[list].updaters.includes(actor) ? 'ORGANIZATION_IMMUTABLE' : 'KS_ACCESS_DENIED')
    expect((await app.context.sudo().db[list].findOne({ where: { id: String(item.id) } }))?.organizationId).toBe(A)
  })

  const backs = relations.filter(r => (r.list === 'Organization' || r.list === 'User') && owned.includes(r.target))
  test.each(backs.map(r => [`${r.list}.${r.field}`, r] as const))('rows cannot be moved through the back-relation %s', async (_label, r) => {
    const foreign = await rowIn[r.target](app.context, B)
    const target = r.list === 'Organization' ? A : (await rowIn.User(app.context, A)).id
    const before = await app.context.sudo().db[r.target].findOne({ where: { id: foreign.id } })
    const result = await update(actors[actor], r.list, target, { [r.field]: linkTo(foreign.id, r.many) })
    // staff may not update other users at all; where they may update, the field is read-only
    expect(result.code).toBe(r.list === 'Organization' || actor === 'admin' ? 'BACK_RELATION_READ_ONLY' : 'KS_ACCESS_DENIED')
    expect(await app.context.sudo().db[r.target].findOne({ where: { id: foreign.id } })).toEqual(before)
  })
})

test('the back-relations of Organization and User are all covered', () => {
  const backs = relations.filter(r => (r.list === 'Organization' || r.list === 'User') && owned.includes(r.target)).map(r => `${r.list}.${r.field}`)
  expect(backs).toEqual(expect.arrayContaining(['Organization.employees', 'Organization.properties', 'User.employments']))
})

test('the refusal does not tell a missing row from another organization’s', async () => {
  const base = { organization: { connect: { id: A } }, name: 'X', type: 'vendor' }
  const missing = await create(actors.staff, 'Contact', { ...base, property: { connect: { id: 'cl0000000000000000000000' } } })
  const foreign = await create(actors.staff, 'Contact', { ...base, property: { connect: { id: (await rowIn.Property(app.context, B)).id } } })
  expect([missing.code, foreign.code]).toEqual(['CROSS_ORGANIZATION_REFERENCE', 'CROSS_ORGANIZATION_REFERENCE'])
})
