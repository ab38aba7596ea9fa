// The per-turn batching of the real config's Prisma client (adapters/database/batch-in-turn.ts): calls of
// one turn become one statement with the answers each call would have had alone; calls in a transaction,
// calls alone and other shapes run unchanged. The counter sees each call and each statement it causes.
import { startTestApp, type TestApp } from '../../harness/app'
import { createOrganization, createProperty } from '../../harness/factories'
import { queryCounter } from '../../harness/query-counter'
import { liveUniqueKey } from '../../../schema/contacts/contact-key'

const counter = queryCounter()
let app: TestApp
let org: string
let other: string
let property: string

beforeAll(async () => {
  app = await startTestApp({ plugins: [counter.plugin] })
  org = (await createOrganization(app.context, { country: 'US' })).id
  other = (await createOrganization(app.context, { country: 'US' })).id
  property = (await createProperty(app.context, org)).id
})
afterAll(() => app.close())

const contactRow = (name: string, phone = `+1415555${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`) => ({
  organization: { connect: { id: org } },
  property: { connect: { id: property } },
  name,
  phone,
  unitName: '1',
  liveUniqueKey: liveUniqueKey({ propertyId: property, unitName: '1', name, phone, archivedAt: null }),
})

test('findFirst by id with the same filter in one turn: one findMany, each call answered with its row or null', async () => {
  const prisma = app.context.prisma
  const filter = { name: { not: { equals: 'nobody' } } }
  const { result, queries } = await counter.during(() =>
    Promise.all([
      prisma.organization.findFirst({ where: { AND: [{ id: { equals: org } }, filter] } }),
      prisma.organization.findFirst({ where: { AND: [{ id: { equals: other } }, filter] } }),
      prisma.organization.findFirst({ where: { AND: [{ id: { equals: 'no-such-id' } }, filter] } }),
      prisma.organization.findFirst({ where: { AND: [{ id: { equals: org } }, { name: { equals: 'nobody' } }] } }), // another filter: its own statement
    ])
  )
  expect(result.map(row => row?.id ?? null)).toEqual([org, other, null, null])
  expect(queries.filter(q => q === 'Organization.findMany')).toHaveLength(1)
})

test('in an interactive transaction, and alone in its turn, findFirst runs as it came', async () => {
  const { queries } = await counter.during(() =>
    app.context.prisma.$transaction((tx: any) =>
      Promise.all([tx.organization.findFirst({ where: { id: { equals: org } } }), tx.organization.findFirst({ where: { id: { equals: other } } })])
    )
  )
  expect(queries).not.toContain('Organization.findMany')
  // a batch transaction (an array of queries) too
  const batch = await counter.during(() =>
    app.context.prisma.$transaction([
      app.context.prisma.organization.findFirst({ where: { id: { equals: org } } }),
      app.context.prisma.organization.findFirst({ where: { id: { equals: other } } }),
    ])
  )
  expect((batch.result as any[]).map(row => row.id)).toEqual([org, other])
  expect(batch.queries).not.toContain('Organization.findMany')
  const alone = await counter.during(() => app.context.prisma.organization.findFirst({ where: { id: { equals: org } } }))
  expect(alone.queries).toEqual(['Organization.findFirst'])
  expect((alone.result as any).id).toBe(org)
})

test('Contact creates of one turn: one createManyAndReturn, each create answered with its own row', async () => {
  const prisma = app.context.prisma
  const { result, queries } = await counter.during(() => Promise.all(['Batch A', 'Batch B', 'Batch C'].map(name => prisma.contact.create({ data: contactRow(name) }))))
  expect(result.map((c: any) => c.name)).toEqual(['Batch A', 'Batch B', 'Batch C'])
  expect(result.every((c: any) => c.organizationId === org && c.propertyId === property && typeof c.id === 'string' && c.createdAt instanceof Date)).toBe(true)
  expect(queries.filter(q => q.startsWith('Contact.'))).toEqual(['Contact.create', 'Contact.create', 'Contact.create', 'Contact.createManyAndReturn'])
  expect(await prisma.contact.count({ where: { id: { in: result.map((c: any) => c.id) } } })).toBe(3)
})

test('a batch the database refuses (the same live key twice) runs create by create: one row, one CONTACT_DUPLICATE_ERROR', async () => {
  const prisma = app.context.prisma
  const twin = contactRow('Twin', '+14155550001')
  const results = await Promise.allSettled([prisma.contact.create({ data: twin }), prisma.contact.create({ data: { ...twin } }), prisma.contact.create({ data: contactRow('Third') })])
  expect(results.map(r => r.status).sort()).toEqual(['fulfilled', 'fulfilled', 'rejected'])
  const refused = results.find(r => r.status === 'rejected') as PromiseRejectedResult
  expect(refused.reason.extensions?.code).toBe('CONTACT_DUPLICATE_ERROR')
  expect(await prisma.contact.count({ where: { liveUniqueKey: twin.liveUniqueKey } })).toBe(1)
  expect(await prisma.contact.count({ where: { name: 'Third' } })).toBe(1)
})

test('a batch with a row pointing at a missing property: the others are created, that one fails alone', async () => {
  const prisma = app.context.prisma
  const broken = { ...contactRow('Broken'), property: { connect: { id: 'no-such-property' } } }
  const results = await Promise.allSettled([prisma.contact.create({ data: contactRow('Fine 1') }), prisma.contact.create({ data: broken }), prisma.contact.create({ data: contactRow('Fine 2') })])
  expect(results.map(r => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
  expect(await prisma.contact.count({ where: { name: { in: ['Fine 1', 'Fine 2', 'Broken'] } } })).toBe(2)
})
