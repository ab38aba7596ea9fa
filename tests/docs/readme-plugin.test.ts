// The README's "Write a plugin" example is safe to copy: it is docs/examples/parking-plugin.ts word for
// word, and, built into a running CMS, only staff holding manageProperties in the spot's organization
// create, change or delete spots (a resident cannot create one), spots link that organization's
// properties only, and its hook on Property (composed with the property's own rules) keeps spots from
// losing their property.
import fs from 'node:fs'
import path from 'node:path'
import { parkingPlugin } from '../../docs/examples/parking-plugin'
import { startTestApp, type TestApp } from '../harness/app'
import { accessCast, CAST, type CastRole } from '../harness/cast'
import { clientFor, codeOf, type Client } from '../harness/contacts'
import { createProperty } from '../harness/factories'
import { registeredByConfig } from './registered'

// the first run generates the example's Prisma client (tests/harness/variant-client.ts)
const GENERATING = 120_000

const README = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8')
const EXAMPLE = fs.readFileSync(path.join(__dirname, '../../docs/examples/parking-plugin.ts'), 'utf8')

test('the README shows docs/examples/parking-plugin.ts as it is', () => {
  const section = README.slice(README.indexOf('## Write a plugin'))
  expect(section.match(/```ts\n([\s\S]*?)```/)![1]).toBe(EXAMPLE)
})

// copied into the project and registered, the example is the developer's to test
const describeBuilt = registeredByConfig().lists.includes('ParkingSpot') ? describe.skip : describe

describeBuilt('built into the CMS', () => {
  let app: TestApp
  let cast: Awaited<ReturnType<typeof accessCast>>
  const client = {} as Record<CastRole, Client>
  beforeAll(async () => {
    app = await startTestApp({ http: true, plugins: [parkingPlugin()], generateClient: true })
    cast = await accessCast(app.context, ['manageProperties'])
    for (const role of CAST) client[role] = await clientFor(app, cast.users[role])
  }, GENERATING)
  afterAll(() => app.close())

  const spots = () => app.context.sudo().db.ParkingSpot
  const spotIn = (organizationId: string) => spots().createOne({ data: { label: 'P1', organization: { connect: { id: organizationId } } } })
  const writers: CastRole[] = ['staffWithPermission', 'admin']
  const readers: CastRole[] = ['staffWithoutPermission', ...writers]

  test.each(CAST)('%s: read, create, update, delete', async role => {
    const spot = await spotIn(cast.organization.id)
    const read = await client[role](`query($id: ID!) { parkingSpot(where: { id: $id }) { id } }`, { id: spot.id })
    expect(read.body.data?.parkingSpot ?? null).toEqual(readers.includes(role) ? { id: spot.id } : null)

    const label = `by ${role}`
    const created = await client[role](`mutation($data: ParkingSpotCreateInput!) { createParkingSpot(data: $data) { id } }`, {
      data: { label, organization: { connect: { id: cast.organization.id } } },
    })
    const updated = await client[role](`mutation($id: ID!) { updateParkingSpot(where: { id: $id }, data: { label: "moved" }) { id } }`, { id: spot.id })
    const deleted = await client[role](`mutation($id: ID!) { deleteParkingSpot(where: { id: $id }) { id } }`, { id: spot.id })
    const outcome = [created, updated, deleted].map(({ body }) => (body.errors ? codeOf(body) : 'ok'))
    expect(outcome).toEqual(writers.includes(role) ? ['ok', 'ok', 'ok'] : ['KS_ACCESS_DENIED', 'KS_ACCESS_DENIED', 'KS_ACCESS_DENIED'])
    expect(await spots().count({ where: { label: { equals: label } } })).toBe(writers.includes(role) ? 1 : 0)
    expect(await spots().findOne({ where: { id: spot.id } })).toEqual(writers.includes(role) ? null : expect.objectContaining({ label: 'P1' }))
  })

  test("a spot is not created in another organization, nor linked to another organization's property", async () => {
    const elsewhere = await client.staffWithPermission(`mutation($data: ParkingSpotCreateInput!) { createParkingSpot(data: $data) { id } }`, {
      data: { label: 'elsewhere', organization: { connect: { id: cast.otherOrganization.id } } },
    })
    expect(codeOf(elsewhere.body)).toBe('KS_ACCESS_DENIED')
    const theirProperty = await createProperty(app.context, cast.otherOrganization.id)
    const linked = await client.staffWithPermission(`mutation($data: ParkingSpotCreateInput!) { createParkingSpot(data: $data) { id } }`, {
      data: { label: 'linked', organization: { connect: { id: cast.organization.id } }, property: { connect: { id: theirProperty.id } } },
    })
    expect(codeOf(linked.body)).toBe('CROSS_ORGANIZATION_REFERENCE')
    expect(await spots().count({ where: { label: { in: ['elsewhere', 'linked'] } } })).toBe(0)
  })

  test('its hook on Property: a property with spots is not deleted (typed error), one without is', async () => {
    const property = await createProperty(app.context, cast.organization.id)
    await spots().createOne({ data: { label: 'P9', organization: { connect: { id: cast.organization.id } }, property: { connect: { id: property.id } } } })
    const refused = await client.staffWithPermission(`mutation($id: ID!) { deleteProperty(where: { id: $id }) { id } }`, { id: property.id })
    expect(codeOf(refused.body)).toBe('PROPERTY_HAS_PARKING_SPOTS')
    expect(await app.context.sudo().db.Property.findOne({ where: { id: property.id } })).not.toBeNull()
    const empty = await createProperty(app.context, cast.organization.id)
    const deleted = await client.staffWithPermission(`mutation($id: ID!) { deleteProperty(where: { id: $id }) { id } }`, { id: empty.id })
    expect(deleted.body.data?.deleteProperty).toEqual({ id: empty.id })
  })
})
