// Filters and orderings on sensitive fields are reads of that field: refused (KS_ACCESS_DENIED) unless the
// caller may read the field in every row the filter runs over, directly or through a relationship filter.
// And the delivery trace carries masked addresses only.
import type { KeystoneContext } from '@keystone-6/core/types'
import { definePlugin } from '../../plugins/kernel'
import { sendMessage } from '../../plugins/notifications'
import { startTestApp, type TestApp } from '../harness/app'
import { as, createOrganization, createProperty, createStaff, createUser } from '../harness/factories'
import { createContact, usPhone } from '../harness/contacts'
import { drain, messageById, TEST_TYPES } from '../plugins/notifications/fixtures'

const typesOnly = definePlugin({ name: 'test-types', requires: ['notifications'], contributes: { messageTypes: Object.values(TEST_TYPES) } })

let app: TestApp
let phone: string
const callers = {} as Record<'readerEverywhere' | 'readerInOneOfTwo' | 'noReader' | 'resident' | 'admin', KeystoneContext<any>>

beforeAll(async () => {
  app = await startTestApp({ plugins: [typesOnly] })
  const A = (await createOrganization(app.context)).id
  const B = (await createOrganization(app.context)).id
  phone = usPhone()
  const user = await createUser(app.context, { type: 'resident', phone })
  const property = await createProperty(app.context, B)
  const contact = await createContact(app.context, { organization: B, property: property.id, phone, email: 'target@example.com' })
  await app.context.sudo().db.Resident.createOne({
    data: { user: { connect: { id: user.id } }, organization: { connect: { id: B } }, property: { connect: { id: property.id } }, contact: { connect: { id: contact.id } }, unitName: '1', unitType: 'flat' },
  })
  await sendMessage(app.context, { type: 'TEST_NOTICE', organizationId: B, to: { userId: user.id }, meta: { title: 'a', body: 'b' } })
  await sendMessage(app.context, { type: 'TEST_NOTICE', organizationId: B, to: { phone }, meta: { title: 'a', body: 'b' } })

  const mixed = await createStaff(app.context, A, ['readContacts', 'manageMessages'])
  await app.context.sudo().db.OrganizationEmployee.createOne({
    data: { user: { connect: { id: mixed.id } }, organization: { connect: { id: B } }, manageMessages: true },
  })
  callers.readerInOneOfTwo = as(app.context, mixed)
  callers.readerEverywhere = as(app.context, await createStaff(app.context, B, ['readContacts', 'manageMessages']))
  callers.noReader = as(app.context, await createStaff(app.context, B, ['manageMessages', 'manageContacts']))
  callers.resident = as(app.context, user)
  callers.admin = as(app.context, await createUser(app.context, { isAdmin: true }))
  await drain(app)
})
afterAll(() => app.close())

type Caller = keyof typeof callers
const everyone: Caller[] = ['readerEverywhere', 'readerInOneOfTwo', 'noReader', 'resident', 'admin']

// query → who may run it (everyone else gets KS_ACCESS_DENIED)
const cases: [string, () => string, Caller[]][] = [
  ['contacts by phone', () => `{ contacts(where: { phone: { equals: "${phone}" } }) { id } }`, ['readerEverywhere', 'admin']],
  ['contacts by email prefix', () => `{ contacts(where: { email: { startsWith: "target" } }) { id } }`, ['readerEverywhere', 'admin']],
  ['contacts ordered by phone', () => `{ contacts(orderBy: { phone: asc }) { id } }`, ['readerEverywhere', 'admin']],
  ['residents through their contact’s phone', () => `{ residents(where: { contact: { phone: { equals: "${phone}" } } }) { id } }`, ['readerEverywhere', 'admin']],
  ['users by phone', () => `{ users(where: { phone: { equals: "${phone}" } }) { id } }`, ['admin']],
  ['users ordered by email', () => `{ users(orderBy: { email: asc }) { id } }`, ['admin']],
  ['messages through their user’s phone', () => `{ messages(where: { user: { phone: { equals: "${phone}" } } }) { id } }`, ['admin']],
  ['residents through their user’s email', () => `{ residents(where: { user: { email: { contains: "@" } } }) { id } }`, ['admin']],
  ['messages by phone', () => `{ messages(where: { phone: { equals: "${phone}" } }) { id } }`, ['readerEverywhere', 'admin']],
  ['messages by recipient key', () => `{ messages(where: { recipientKey: { contains: "${phone.slice(2, 8)}" } }) { id } }`, ['readerEverywhere', 'admin']],
]

test.each(cases)('%s: refused with KS_ACCESS_DENIED except for those who may read it everywhere', async (_label, query, allowed) => {
  for (const caller of everyone) {
    const result = (await callers[caller].graphql.raw({ query: query() })) as { errors?: readonly any[] }
    const code = result.errors?.[0]?.extensions?.code ?? null
    expect({ caller, code }).toEqual({ caller, code: allowed.includes(caller) ? null : 'KS_ACCESS_DENIED' })
  }
})

test('a caller who may filter finds the row; the refusal above is not an empty answer by accident', async () => {
  const found = (await callers.readerEverywhere.graphql.raw({ query: `{ contacts(where: { phone: { equals: "${phone}" } }) { id phone } }` })) as any
  expect(found.data.contacts).toEqual([{ id: expect.any(String), phone }])
})

test('staff without readContacts read a message’s recipient as null and its trace masked', async () => {
  const query = `{ messages(orderBy: { createdAt: asc }) { phone recipientKey trace } }`
  const seen = (await callers.noReader.graphql.raw({ query })) as any
  expect(seen.data.messages).toHaveLength(2)
  for (const message of seen.data.messages) {
    expect(message.phone).toBeNull()
    expect(message.recipientKey).toBeNull()
    expect(JSON.stringify(message.trace)).not.toContain(phone)
    expect(JSON.stringify(message.trace)).not.toContain(phone.slice(2))
  }
  const reader = (await callers.readerEverywhere.graphql.raw({ query })) as any
  expect(reader.data.messages.map((m: any) => m.phone)).toEqual([null, phone])
  // the trace is masked for everyone: it must not become an address book
  const [, byPhone] = reader.data.messages
  expect(byPhone.trace.find((e: any) => e.outcome === 'sent').address).toBe(`***${phone.slice(-4)}`)
  expect((await messageById(app, (await app.context.sudo().db.Message.findMany({ where: { phone: { equals: phone } } }))[0].id as string)).status).toBe('sent')
})
