// ContactRole: built-ins seeded on start (idempotent, concurrent-safe), localized by Accept-Language,
// read-only except for admins; organization roles by staff with manageContacts, unique names; access matrix.
import { startTestApp, type TestApp } from '../../harness/app'
import { seedBuiltInRoles } from '../../../schema/contacts/roles'
import { CALLERS, clientFor, codeOf, contactWorld, type Caller, type Client } from '../../harness/contacts'

let app: TestApp
let world: Awaited<ReturnType<typeof contactWorld>>
const client = {} as Record<Caller, Client>

beforeAll(async () => {
  app = await startTestApp({ http: true })
  world = await contactWorld(app.context)
  for (const caller of CALLERS) client[caller] = await clientFor(app, world.users[caller])
})
afterAll(() => app.close())

const sudo = () => app.context.sudo()
const builtInKeys = async () => (await sudo().db.ContactRole.findMany({ where: { key: { not: { equals: null } } } })).map(r => r.key).sort()
let sequence = 0
const orgRole = (organization = world.organization.id) =>
  sudo().db.ContactRole.createOne({ data: { name: `Role ${++sequence}`, organization: { connect: { id: organization } } } })
const builtIn = async (key = 'tenant') => (await sudo().db.ContactRole.findMany({ where: { key: { equals: key } } }))[0]

describe('built-in roles', () => {
  test('are seeded on start; seeding again adds nothing', async () => {
    expect(await builtInKeys()).toEqual(['family_member', 'guest', 'owner', 'tenant'])
    await seedBuiltInRoles(app.context)
    expect(await builtInKeys()).toEqual(['family_member', 'guest', 'owner', 'tenant'])
  })

  test('five processes seeding at once leave each role exactly once', async () => {
    await sudo().prisma.contact.updateMany({ data: { roleId: null } })
    await sudo().prisma.contactRole.deleteMany({ where: { key: { not: null } } })
    await Promise.all(Array.from({ length: 5 }, () => seedBuiltInRoles(app.context)))
    expect(await builtInKeys()).toEqual(['family_member', 'guest', 'owner', 'tenant'])
  })

  test.each([
    [undefined, 'Tenant'],
    ['en-US,en;q=0.9', 'Tenant'],
    ['ru', 'Арендатор'],
    ['ru-RU,ru;q=0.9,en;q=0.8', 'Арендатор'],
    ['de-DE,de;q=0.9', 'Tenant'],
    ['fr;q=1, ru;q=0.5', 'Арендатор'],
    ['en;q=0.4, ru;q=0.8', 'Арендатор'],
  ])('are named by Accept-Language %s: %s', async (acceptLanguage, label) => {
    const role = await builtIn()
    const headers: Record<string, string> = acceptLanguage ? { 'accept-language': acceptLanguage } : {}
    const { body } = await client.resident(`query($id: ID!) { contactRole(where: { id: $id }) { label name key } }`, { id: role.id }, headers)
    expect(body.data!.contactRole).toEqual({ label, name: 'Tenant', key: 'tenant' })
  })

  test("an organization's own role keeps its name in every language", async () => {
    const role = await orgRole()
    const { body } = await client.staffWithoutPermission(`query($id: ID!) { contactRole(where: { id: $id }) { label } }`, { id: role.id }, { 'accept-language': 'ru' })
    expect(body.data!.contactRole.label).toBe(role.name)
  })
})

describe('organization role names', () => {
  const CREATE = `mutation($data: ContactRoleCreateInput!) { createContactRole(data: $data) { id name } }`
  const create = (name: string, organization = world.organization.id) =>
    client.staffWithPermission(CREATE, { data: { name, organization: { connect: { id: organization } } } })

  test('are unique within the organization, case-insensitively and after trimming', async () => {
    expect((await create('Concierge')).body.errors).toBeUndefined()
    const again = await create('  concierge ')
    expect(codeOf(again.body)).toBe('CONTACT_ROLE_DUPLICATE_ERROR')
    const elsewhere = await client.admin(CREATE, { data: { name: 'Concierge', organization: { connect: { id: world.otherOrganization.id } } } })
    expect(elsewhere.body.errors).toBeUndefined()
  })

  test('concurrent creates of the same name: one wins, the rest get CONTACT_ROLE_DUPLICATE_ERROR', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => create('Night guard')))
    expect(results.filter(r => r.body.data?.createContactRole).length).toBe(1)
    expect(results.filter(r => r.body.errors).map(r => codeOf(r.body))).toEqual(Array(7).fill('CONTACT_ROLE_DUPLICATE_ERROR'))
  })

  test('renaming onto an existing name is refused too', async () => {
    const a = await orgRole()
    const b = await orgRole()
    const { body } = await client.staffWithPermission(`mutation($id: ID!, $name: String!) { updateContactRole(where: { id: $id }, data: { name: $name }) { id } }`, { id: b.id, name: a.name.toUpperCase() })
    expect(codeOf(body)).toBe('CONTACT_ROLE_DUPLICATE_ERROR')
  })
})

describe('access matrix', () => {
  type Row = { readBuiltIn: boolean; readOwn: boolean; createOwn: boolean; createBuiltIn: boolean; changeOwn: boolean; changeBuiltIn: boolean }
  const only = (yes: Partial<Row>): Row => ({ readBuiltIn: true, readOwn: false, createOwn: false, createBuiltIn: false, changeOwn: false, changeBuiltIn: false, ...yes })
  const expected: Record<Caller, Row> = {
    anonymous: only({ readBuiltIn: false }),
    resident: only({}),
    otherResident: only({}),
    staffWithoutPermission: only({ readOwn: true }),
    staffWithPermission: only({ readOwn: true, createOwn: true, changeOwn: true }),
    otherOrganizationStaff: only({}),
    admin: only({ readOwn: true, createOwn: true, createBuiltIn: true, changeOwn: true, changeBuiltIn: true }),
  }
  const READ = `query($id: ID!) { contactRole(where: { id: $id }) { id } }`
  const CREATE = `mutation($data: ContactRoleCreateInput!) { createContactRole(data: $data) { id } }`
  const UPDATE = `mutation($id: ID!) { updateContactRole(where: { id: $id }, data: { name: "Renamed" }) { id } }`
  const DELETE = `mutation($id: ID!) { deleteContactRole(where: { id: $id }) { id } }`
  const exists = async (id: string) => (await sudo().db.ContactRole.count({ where: { id: { equals: id } } })) === 1

  describe.each(CALLERS)('%s', caller => {
    const rule = expected[caller]
    test(`read: built-in ${rule.readBuiltIn}, own organization's ${rule.readOwn}`, async () => {
      const [shared, own] = [await builtIn('guest'), await orgRole()]
      expect(!!(await client[caller](READ, { id: shared.id })).body.data?.contactRole).toBe(rule.readBuiltIn)
      expect(!!(await client[caller](READ, { id: own.id })).body.data?.contactRole).toBe(rule.readOwn)
      // other organization's roles are never visible to staff outside it
      const foreign = await orgRole(world.otherOrganization.id)
      const seesForeign = !!(await client[caller](READ, { id: foreign.id })).body.data?.contactRole
      expect(seesForeign).toBe(caller === 'admin' || caller === 'otherOrganizationStaff')
    })

    test(`create: own organization's ${rule.createOwn}, built-in ${rule.createBuiltIn}`, async () => {
      const own = await client[caller](CREATE, { data: { name: `By ${caller} ${++sequence}`, organization: { connect: { id: world.organization.id } } } })
      expect(own.body.errors ? codeOf(own.body) : 'ok').toBe(rule.createOwn ? 'ok' : 'KS_ACCESS_DENIED')
      const shared = await client[caller](CREATE, { data: { name: `Shared by ${caller} ${++sequence}` } })
      expect(shared.body.errors ? codeOf(shared.body) : 'ok').toBe(rule.createBuiltIn ? 'ok' : 'KS_ACCESS_DENIED')
    })

    test(`update and delete: own organization's ${rule.changeOwn}, built-in ${rule.changeBuiltIn}`, async () => {
      const own = await orgRole()
      const update = await client[caller](UPDATE, { id: own.id })
      expect(update.body.errors ? codeOf(update.body) : 'ok').toBe(rule.changeOwn ? 'ok' : 'KS_ACCESS_DENIED')
      const del = await client[caller](DELETE, { id: own.id })
      expect(del.body.errors ? codeOf(del.body) : 'ok').toBe(rule.changeOwn ? 'ok' : 'KS_ACCESS_DENIED')
      expect(await exists(own.id)).toBe(!rule.changeOwn)

      const shared = await builtIn('owner')
      const renamed = await client[caller](`mutation($id: ID!) { updateContactRole(where: { id: $id }, data: { name: "Owner" }) { id } }`, { id: shared.id })
      expect(renamed.body.errors ? codeOf(renamed.body) : 'ok').toBe(rule.changeBuiltIn ? 'ok' : 'KS_ACCESS_DENIED')
      if (caller !== 'admin') {
        expect(codeOf((await client[caller](DELETE, { id: shared.id })).body)).toBe('KS_ACCESS_DENIED')
        expect(await exists(shared.id)).toBe(true)
      }
    })
  })
})

test('roles show on the contact list and form in the Admin UI', async () => {
  const { body } = await client.admin(`{ keystone { adminMeta { lists { key initialColumns labelField fields { key } } } } }`)
  expect(body.errors).toBeUndefined()
  const lists = body.data!.keystone.adminMeta.lists
  const contact = lists.find((l: any) => l.key === 'Contact')
  expect(contact.initialColumns).toContain('role')
  expect(contact.fields.map((f: any) => f.key)).toEqual(expect.arrayContaining(['role', 'possibleDuplicates']))
  // the role is labelled with its localized name wherever it appears (list cells, form select)
  expect(lists.find((l: any) => l.key === 'ContactRole').labelField).toBe('label')
})
