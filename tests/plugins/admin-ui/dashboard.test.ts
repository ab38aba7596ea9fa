// The dashboard's cards load with the caller's own context: counts obey the lists' access (failed messages
// need manageMessages in their organization, possible duplicates need readContacts there).
import type { KeystoneContext } from '@keystone-6/core/types'
import { startTestApp, type TestApp } from '../../harness/app'
import { as, createOrganization, createProperty, createStaff, createUser } from '../../harness/factories'
import { createContact, usPhone } from '../../harness/contacts'
import { definePlugin } from '../../../plugins/kernel'

const DASHBOARD = `{ adminDashboard { key title count href items { label href } error } }`

let app: TestApp
beforeAll(async () => {
  app = await startTestApp({
    plugins: [
      definePlugin({
        name: 'probe-cards',
        contributes: {
          dashboardCards: [
            { key: 'probeFirst', title: 'Probe first', order: 1, load: async () => ({ count: 7, href: '/probe' }) },
            { key: 'probeBroken', title: 'Probe broken', order: 99, load: async () => Promise.reject(new Error('database says no')) },
          ],
        },
      }),
    ],
  })
})
afterAll(() => app?.close())

const dashboardAs = async (context: KeystoneContext<any>) => {
  const { adminDashboard } = (await context.graphql.run({ query: DASHBOARD })) as any
  return Object.fromEntries(adminDashboard.map((card: any) => [card.key, card])) as Record<string, any>
}

async function failedMessage(organizationId: string, minutesAgo: number, status = 'error') {
  return app.context.sudo().prisma.message.create({
    data: { type: 'CUSTOM', recipientKey: `phone-${usPhone()}`, status, organizationId, createdAt: new Date(Date.now() - minutesAgo * 60_000) },
  })
}

test('failed messages of the last 24 hours, per organization the staff member manages messages in', async () => {
  const organization = await createOrganization(app.context)
  const other = await createOrganization(app.context)
  const recent = await failedMessage(organization.id, 30)
  await failedMessage(organization.id, 60)
  await failedMessage(organization.id, 25 * 60) // too old
  await failedMessage(organization.id, 10, 'sent') // not failed
  await failedMessage(other.id, 10)

  const manager = await createStaff(app.context, organization.id, ['manageMessages'])
  const card = (await dashboardAs(as(app.context, manager))).failedMessages
  expect(card).toMatchObject({ title: 'Messages that failed in the last 24 hours', count: 2, error: null })
  expect(card.href).toBe('/messages?!status_matches=%5B%22error%22%5D')
  expect(card.items[0]).toEqual({ label: expect.stringMatching(/^CUSTOM · \d{4}-\d\d-\d\d \d\d:\d\d UTC$/), href: `/messages/${recent.id}` })

  // the same organization without the permission: its messages are not theirs to read
  const clerk = await createStaff(app.context, organization.id, [])
  expect((await dashboardAs(as(app.context, clerk))).failedMessages.count).toBe(0)
  // an admin counts every organization's (at least these three)
  expect((await dashboardAs(as(app.context, await createUser(app.context, { isAdmin: true })))).failedMessages.count).toBeGreaterThanOrEqual(3)
})

test('contacts sharing a phone or an email with another live contact, in organizations where the caller reads contacts', async () => {
  const organization = await createOrganization(app.context, { country: 'US' })
  const property = await createProperty(app.context, organization.id)
  const phone = usPhone()
  await createContact(app.context, { organization: organization.id, property: property.id, name: 'Ann Duplicate', phone, unitName: '4' })
  await createContact(app.context, { organization: organization.id, property: property.id, name: 'Anne Duplicate', phone, unitName: '5' })
  await createContact(app.context, { organization: organization.id, name: 'Bob Mail', email: 'bob@dup.example' })
  await createContact(app.context, { organization: organization.id, name: 'Robert Mail', email: 'bob@dup.example' })
  await createContact(app.context, { organization: organization.id, name: 'Alone', phone: usPhone() })
  const archived = await createContact(app.context, { organization: organization.id, name: 'Archived Twin', email: 'solo@dup.example' })
  await createContact(app.context, { organization: organization.id, name: 'Live Twin', email: 'solo@dup.example' })
  await app.context.sudo().prisma.contact.update({ where: { id: archived.id }, data: { archivedAt: new Date() } })
  // the same phone in another organization is not a duplicate here
  const other = await createOrganization(app.context, { country: 'US' })
  await createContact(app.context, { organization: other.id, name: 'Elsewhere', phone })

  const reader = await createStaff(app.context, organization.id, ['readContacts'])
  const card = (await dashboardAs(as(app.context, reader))).possibleDuplicates
  expect(card.count).toBe(4)
  expect(card.items.map((i: any) => i.label)).toEqual(['Ann Duplicate (unit 4)', 'Anne Duplicate (unit 5)', 'Bob Mail', 'Robert Mail'])
  expect(card.items[0].href).toMatch(/^\/contacts\/\w+$/)

  // without readContacts the shared phone or email is not theirs to know
  const clerk = await createStaff(app.context, organization.id, ['manageMessages'])
  expect((await dashboardAs(as(app.context, clerk))).possibleDuplicates).toMatchObject({ count: 0, items: [] })
  const outsider = await createStaff(app.context, other.id, ['readContacts'])
  expect((await dashboardAs(as(app.context, outsider))).possibleDuplicates.count).toBe(0)
})

test('cards come in order; a card that fails says so without hiding the others', async () => {
  const logged = jest.spyOn(console, 'error').mockImplementation(() => {})
  const organization = await createOrganization(app.context)
  const cards = (await as(app.context, await createStaff(app.context, organization.id, [])).graphql.run({ query: DASHBOARD })) as any
  const keys = cards.adminDashboard.map((c: any) => c.key)
  // other features' cards sit between (unread conversations, exports...)
  expect(keys.filter((k: string) => ['probeFirst', 'failedMessages', 'possibleDuplicates', 'probeBroken'].includes(k))).toEqual(['probeFirst', 'failedMessages', 'possibleDuplicates', 'probeBroken'])
  expect(cards.adminDashboard[0]).toMatchObject({ count: 7, href: '/probe', items: [], error: null })
  expect(cards.adminDashboard[keys.length - 1]).toMatchObject({ key: 'probeBroken', count: null, error: 'This card could not be loaded' })
  expect(logged).toHaveBeenCalledWith('Dashboard card "probeBroken" failed:', expect.any(Error))
  logged.mockRestore()
})

test.each([
  ['anonymous', async () => undefined],
  ['a resident', async () => createUser(app.context, { type: 'resident' })],
])('%s gets no dashboard', async (_who, user) => {
  expect(((await as(app.context, (await user()) as any).graphql.run({ query: DASHBOARD })) as any).adminDashboard).toEqual([])
})
