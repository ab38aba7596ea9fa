// Access matrix for Resident and ConfirmPhoneAction: who reads, creates, updates and deletes, over HTTP.
import { startTestApp, type TestApp } from '../../harness/app'
import { CALLERS, clientFor, contactWorld, type Caller } from '../../harness/contacts'

let app: TestApp
let world: Awaited<ReturnType<typeof contactWorld>>
let residentId: string
let actionId: string

beforeAll(async () => {
  app = await startTestApp({ http: true })
  world = await contactWorld(app.context)
  const sudo = app.context.sudo()
  const resident = await sudo.db.Resident.createOne({
    data: {
      user: { connect: { id: world.users.resident.id } },
      organization: { connect: { id: world.organization.id } },
      property: { connect: { id: world.property.id } },
      unitName: '12',
      unitType: 'flat',
    },
  })
  residentId = resident.id
  const action = await sudo.prisma.confirmPhoneAction.create({
    data: { phone: world.residentPhone, tokenHash: 'a'.repeat(64), expiresAt: new Date(Date.now() + 60_000) },
  })
  actionId = action.id
})
afterAll(() => app.close())

const client = (caller: Caller) => clientFor(app, world.users[caller] as any)

describe('Resident', () => {
  // staffWithPermission holds readContacts; staff without it and other organizations see nothing
  const reads: Record<Caller, boolean> = {
    anonymous: false, resident: true, otherResident: false, staffWithoutPermission: false,
    staffWithPermission: true, otherOrganizationStaff: false, admin: true,
  }
  test.each(CALLERS)('read by %s', async caller => {
    const res = await (await client(caller))(`{ residents { id } }`)
    expect((res.body.data?.residents ?? []).map((r: any) => r.id)).toEqual(reads[caller] ? [residentId] : [])
  })

  test.each(CALLERS)('create, update and delete through CRUD by %s: admins only', async caller => {
    const c = await client(caller)
    const created = await c(`mutation($d: ResidentCreateInput!) { createResident(data: $d) { id } }`, {
      d: { unitName: '99', unitType: 'flat', organization: { connect: { id: world.organization.id } }, property: { connect: { id: world.property.id } } },
    })
    const updated = await c(`mutation($id: ID!) { updateResident(where: { id: $id }, data: { unitName: "13" }) { id } }`, { id: residentId })
    if (caller === 'admin') expect(created.body.errors).toBeUndefined()
    expect(!!created.body.data?.createResident).toBe(caller === 'admin')
    expect(!!updated.body.data?.updateResident).toBe(caller === 'admin')
    if (caller === 'admin') {
      await c(`mutation($id: ID!) { deleteResident(where: { id: $id }) { id } }`, { id: created.body.data.createResident.id })
    } else {
      const deleted = await c(`mutation($id: ID!) { deleteResident(where: { id: $id }) { id } }`, { id: residentId })
      expect(deleted.body.data?.deleteResident ?? null).toBeNull()
    }
  })
})

describe('ConfirmPhoneAction', () => {
  test.each(CALLERS)('read by %s: admins only, and never the hashes', async caller => {
    const res = await (await client(caller))(`{ confirmPhoneActions { id phone } }`)
    expect((res.body.data?.confirmPhoneActions ?? []).map((a: any) => a.id)).toEqual(caller === 'admin' ? [actionId] : [])
  })

  test.each(CALLERS)('no CRUD create or update for %s; delete (support clean-up) for admins only', async caller => {
    const c = await client(caller)
    const created = await c(`mutation { createConfirmPhoneAction(data: { phone: "+14155552671" }) { id } }`)
    expect(created.body.errors?.length).toBeGreaterThan(0) // the create mutation does not exist
    const deleted = await c(`mutation($id: ID!) { deleteConfirmPhoneAction(where: { id: $id }) { id } }`, { id: actionId })
    expect(!!deleted.body.data?.deleteConfirmPhoneAction).toBe(caller === 'admin')
  })
})

describe('the user of a resident (User list, Resident.user)', () => {
  // staff see the name of a user registered as a resident of their organization where they may read its
  // residents (readContacts); the account's phone and email stay the user's own and admins'
  const names: Record<Caller, boolean> = {
    anonymous: false, resident: true, otherResident: false, staffWithoutPermission: false,
    staffWithPermission: true, otherOrganizationStaff: false, admin: true,
  }
  const details: Record<Caller, boolean> = { ...names, staffWithPermission: false }

  test.each(CALLERS)('read by %s', async caller => {
    const id = world.users.resident.id
    const res = await (await client(caller))(`query($id: ID!) { user(where: { id: $id }) { id name email phone } residents { user { name } } }`, { id })
    const user = res.body.data?.user ?? null
    expect(user?.name ?? null).toBe(names[caller] ? world.users.resident.name : null)
    if (names[caller]) {
      expect(user.email).toBe(details[caller] ? world.users.resident.email : null)
      expect(user.phone).toBe(details[caller] ? world.residentPhone : null)
    }
    // the staff residents page: each registration shows its user's name
    const residents = (res.body.data?.residents ?? []).filter((r: any) => r.user)
    if (caller === 'staffWithPermission') expect(residents).toEqual([{ user: { name: world.users.resident.name } }])
  })

  test('a resident lists only themself; staff of another organization list no resident', async () => {
    const asResident = await (await client('resident'))(`{ users { id } }`)
    expect(asResident.body.data.users).toEqual([{ id: world.users.resident.id }])
    const other = await (await client('otherOrganizationStaff'))(`{ users(where: { type: { equals: resident } }) { id } }`)
    expect(other.body.data.users).toEqual([])
  })
})
