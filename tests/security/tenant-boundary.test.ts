// The tenant boundary, table-driven over the running schema: every organization-owned list (a list with an
// `organization` relationship) x every relationship on it x "link a row of the other organization", on create
// and on update, by a staff member employed (with every permission) by both organizations and by an admin.
// A new list or relationship joins by existing; the suite fails until tenant-rows.ts knows how to make its rows.
import type { KeystoneContext } from '@keystone-6/core/types'
import { createSystem } from '@keystone-6/core/___internal-do-not-use-will-break-in-patch/artifacts'
import { startTestApp, type TestApp } from '../harness/app'
import { as, createOrganization, createUser } from '../harness/factories'
import { ALL_PERMISSIONS } from '../harness/contacts'
import { exempt, ownedLists, rowIn, type Writer } from './tenant-rows'

// `create`/`update`: whether the field is in the GraphQL input at all (fields left out cannot be written)
type Relation = { list: string; field: string; target: string; many: boolean; create: boolean; update: boolean }

let app: TestApp
let A: string
let B: string
const actors = {} as Record<Writer, KeystoneContext<any>>
let relations: Relation[]
let owned: string[]

/** The lists and relationship fields of the schema that is running, read from Keystone's own model. */
function readSchema(config: TestApp['config']) {
  const lists = (createSystem(config) as any).lists as Record<string, { fields: Record<string, { dbField: any; graphql: any }> }>
  const all: Relation[] = []
  for (const [list, { fields }] of Object.entries(lists)) {
    for (const [field, { dbField, graphql }] of Object.entries(fields)) {
      if (dbField.kind !== 'relation') continue
      all.push({ list, field, target: dbField.list, many: dbField.mode === 'many', create: graphql.isEnabled.create, update: graphql.isEnabled.update })
    }
  }
  const ownedNames = [...new Set(all.filter(r => r.field === 'organization' && r.target === 'Organization' && !r.many).map(r => r.list))]
  return { all, owned: ownedNames }
}

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
  const schema = readSchema(app.config)
  relations = schema.all
  owned = schema.owned
})
afterAll(() => app.close())

/** The relationships of organization-owned lists the rule covers (all but the organization itself and the exempt). */
const underRule = () => relations.filter(r => owned.includes(r.list) && r.field !== 'organization' && !exempt[`${r.list}.${r.field}`])

const linkTo = (id: string, many: boolean) => (many ? { connect: [{ id }] } : { connect: { id } })

async function run(ctx: KeystoneContext<any>, query: string, variables: Record<string, unknown>) {
  const result = (await ctx.graphql.raw({ query, variables })) as { data?: any; errors?: readonly any[] }
  return { ok: !result.errors?.length, code: result.errors?.[0]?.extensions?.code as string | undefined }
}

function names(list: string) {
  const { graphql } = (createSystem(app.config) as any).lists[list]
  return graphql.names as { createMutationName: string; createInputName: string; updateMutationName: string; updateInputName: string }
}

const create = (ctx: KeystoneContext<any>, list: string, data: Record<string, unknown>) => {
  const n = names(list)
  return run(ctx, `mutation($data: ${n.createInputName}!) { ${n.createMutationName}(data: $data) { id } }`, { data })
}

const update = (ctx: KeystoneContext<any>, list: string, id: string, data: Record<string, unknown>) => {
  const n = names(list)
  return run(ctx, `mutation($id: ID!, $data: ${n.updateInputName}!) { ${n.updateMutationName}(where: { id: $id }, data: $data) { id } }`, { id, data })
}

test('every organization-owned list and every list its relationships reach has a row in tenant-rows.ts', () => {
  expect(owned.length).toBeGreaterThanOrEqual(8)
  expect(owned.filter(list => !ownedLists[list])).toEqual([])
  const targets = relations.filter(r => owned.includes(r.list) || r.target !== 'Organization').map(r => r.target)
  expect([...new Set(targets)].filter(t => owned.includes(t) && !rowIn[t])).toEqual([])
  for (const key of Object.keys(exempt)) expect(relations.some(r => `${r.list}.${r.field}` === key)).toBe(true)
})

describe.each(['staff', 'admin'] as const)('as %s', actor => {
  test('linking a row of the other organization is refused on create, and nothing is written', async () => {
    const checked: string[] = []
    for (const r of underRule().filter(r => r.create)) {
      const make = rowIn[r.target]
      if (!make) throw new Error(`tenant-rows.ts: add rowIn.${r.target} (reached from ${r.list}.${r.field})`)
      const spec = ownedLists[r.list]
      const own = await make(app.context, A)
      const foreign = await make(app.context, B)
      const sameOrg = await create(actors[actor], r.list, { ...(await spec.createData(app.context, A, r.field)), [r.field]: linkTo(own.id, r.many) })
      const before = await app.context.sudo().db[r.list].count()
      const crossOrg = await create(actors[actor], r.list, { ...(await spec.createData(app.context, A, r.field)), [r.field]: linkTo(foreign.id, r.many) })
      const label = `${r.list}.${r.field} -> ${r.target}`
      if (sameOrg.ok) {
        expect({ label, code: crossOrg.code }).toEqual({ label, code: 'CROSS_ORGANIZATION_REFERENCE' })
        checked.push(label)
      } else {
        // not writable by this caller at all: refused for the same reason either way
        expect({ label, sameOrg: sameOrg.code, crossOrg: crossOrg.code }).toEqual({ label, sameOrg: 'KS_ACCESS_DENIED', crossOrg: 'KS_ACCESS_DENIED' })
      }
      expect({ label, count: await app.context.sudo().db[r.list].count() }).toEqual({ label, count: before })
    }
    // the writers of each list really exercised the rule (a table that refuses everything would pass above)
    const writable = Object.entries(ownedLists).filter(([, spec]) => spec.creators.includes(actor)).map(([list]) => list)
    for (const list of writable) {
      if (underRule().some(r => r.list === list && r.create)) {
        expect({ list, checked: checked.some(label => label.startsWith(`${list}.`)) }).toEqual({ list, checked: true })
      }
    }
  })

  test('linking a row of the other organization is refused on update, and the item keeps its link', async () => {
    const checked: string[] = []
    for (const r of underRule().filter(r => r.update)) {
      const spec = ownedLists[r.list]
      const item = await app.context.sudo().db[r.list].createOne({ data: await spec.createData(app.context, A, r.field) })
      const own = await rowIn[r.target](app.context, A)
      const foreign = await rowIn[r.target](app.context, B)
      const sameOrg = await update(actors[actor], r.list, String(item.id), { [r.field]: linkTo(own.id, r.many) })
      const crossOrg = await update(actors[actor], r.list, String(item.id), { [r.field]: linkTo(foreign.id, r.many) })
      const label = `${r.list}.${r.field} -> ${r.target}`
      const expected = sameOrg.ok ? 'CROSS_ORGANIZATION_REFERENCE' : 'KS_ACCESS_DENIED'
      if (sameOrg.ok) checked.push(label)
      if (!sameOrg.ok) expect({ label, code: sameOrg.code }).toEqual({ label, code: 'KS_ACCESS_DENIED' })
      expect({ label, code: crossOrg.code }).toEqual({ label, code: expected })
      const stored = await app.context.sudo().query[r.list].findOne({ where: { id: String(item.id) }, query: `${r.field} { id }` })
      const linked = ([] as { id: string }[]).concat(stored?.[r.field] ?? []).map(x => x.id)
      expect({ label, leaked: linked.includes(foreign.id) }).toEqual({ label, leaked: false })
    }
    for (const [list, spec] of Object.entries(ownedLists).filter(([, spec]) => spec.updaters.includes(actor) && !spec.systemLinks)) {
      const fields = underRule().filter(r => r.list === list && r.update)
      if (fields.length) expect({ list, checked: checked.some(label => label.startsWith(`${list}.`)) }).toEqual({ list, checked: true })
    }
  })

  test("a row never changes organization", async () => {
    for (const list of owned) {
      const item = await app.context.sudo().db[list].createOne({ data: await ownedLists[list].createData(app.context, A, '') })
      const result = await update(actors[actor], list, String(item.id), { organization: { connect: { id: B } } })
      const canUpdate = ownedLists[list].updaters.includes(actor)
      expect({ list, code: result.code }).toEqual({ list, code: canUpdate ? 'ORGANIZATION_IMMUTABLE' : 'KS_ACCESS_DENIED' })
      const stored = await app.context.sudo().db[list].findOne({ where: { id: String(item.id) } })
      expect({ list, organization: stored?.organizationId }).toEqual({ list, organization: A })
    }
  })

  test('rows cannot be moved through back-relations (Organization, User)', async () => {
    const backs = relations.filter(r => (r.list === 'Organization' || r.list === 'User') && owned.includes(r.target))
    expect(backs.map(r => `${r.list}.${r.field}`)).toEqual(expect.arrayContaining(['Organization.employees', 'Organization.properties', 'User.employments']))
    for (const r of backs) {
      const foreign = await rowIn[r.target](app.context, B)
      const target = r.list === 'Organization' ? A : (await rowIn.User(app.context, A)).id
      const before = await app.context.sudo().db[r.target].findOne({ where: { id: foreign.id } })
      const result = await update(actors[actor], r.list, target, { [r.field]: linkTo(foreign.id, r.many) })
      const label = `${r.list}.${r.field}`
      // staff may not update other users at all; where they may update, the field is read-only
      const allowed = r.list === 'Organization' || actor === 'admin'
      expect({ label, code: result.code }).toEqual({ label, code: allowed ? 'BACK_RELATION_READ_ONLY' : 'KS_ACCESS_DENIED' })
      expect(await app.context.sudo().db[r.target].findOne({ where: { id: foreign.id } })).toEqual(before)
    }
  })
})

test('the refusal does not tell a missing row from another organization’s', async () => {
  const staffOfA = actors.staff
  const missing = await create(staffOfA, 'Contact', { organization: { connect: { id: A } }, name: 'X', type: 'vendor', property: { connect: { id: 'cl0000000000000000000000' } } })
  const foreign = await create(staffOfA, 'Contact', {
    organization: { connect: { id: A } },
    name: 'Y',
    type: 'vendor',
    property: { connect: { id: (await rowIn.Property(app.context, B)).id } },
  })
  expect([missing.code, foreign.code]).toEqual(['CROSS_ORGANIZATION_REFERENCE', 'CROSS_ORGANIZATION_REFERENCE'])
})
