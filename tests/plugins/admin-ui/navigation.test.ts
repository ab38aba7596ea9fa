// The sidebar: lists grouped by task, plumbing hidden, contributed links in their group (a link to a
// list's path takes the list's place), for staff and admins only.
import type { KeystoneContext } from '@keystone-6/core/types'
import { startTestApp, type TestApp } from '../../harness/app'
import { as, createOrganization, createStaff, createUser } from '../../harness/factories'
import { buildNavigation, PLUMBING_LISTS } from '../../../plugins/admin-ui'
import { definePlugin } from '../../../plugins/kernel'

const NAVIGATION = `{ adminNavigation { key title links { href label listKey } } }`

let app: TestApp
beforeAll(async () => {
  app = await startTestApp({
    plugins: [definePlugin({ name: 'probe-page', contributes: { adminLinks: [{ href: '/probe-report', label: 'Probe report', group: 'messages', order: 5 }] } })],
  })
})
afterAll(() => app?.close())

const navigationAs = async (context: KeystoneContext<any>) => (await context.graphql.run({ query: NAVIGATION })) as any

test('staff get the lists grouped by task, in order, with contributed pages in their group', async () => {
  const organization = await createOrganization(app.context)
  const staff = await createStaff(app.context, organization.id, [])
  const { adminNavigation: groups } = await navigationAs(as(app.context, staff))
  expect(groups.map((g: any) => g.title)).toEqual(['Contacts', 'Residents', 'Messages and notifications', 'Organization', 'Settings', 'System'])
  const byKey = Object.fromEntries(groups.map((g: any) => [g.key, g.links]))
  expect(byKey.contacts.map((l: any) => l.label)).toEqual(['Contacts', 'Portal invitations', 'Contact roles', 'Contact exports'])
  expect(byKey.contacts[0]).toEqual({ href: '/contacts', label: 'Contacts', listKey: 'Contact' })
  // a plugin page, placed in its group by order (before the Messages list's 10); not a list
  const messages = byKey.messages.map((l: any) => l.href)
  expect(byKey.messages).toContainEqual({ href: '/probe-report', label: 'Probe report', listKey: null })
  expect(messages.indexOf('/probe-report')).toBeLessThan(messages.indexOf('/messages'))
  // the dev outbox's contributed link takes the place of its list
  expect(byKey.system[0]).toEqual({ href: '/dev-outbox-entries', label: 'Dev outbox', listKey: null })
  const hrefs = groups.flatMap((g: any) => g.links.map((l: any) => l.href))
  expect(new Set(hrefs).size).toBe(hrefs.length)
  for (const hidden of ['/push-tokens', '/remote-clients', '/confirm-phone-actions', '/telegram-user-chats', '/message-deliveries', '/field-changes', '/user-sessions']) {
    expect(hrefs).not.toContain(hidden)
  }
})

test('plumbing lists are hidden from the Admin UI navigation but keep their pages', async () => {
  const meta = (await as(app.context, await createUser(app.context, { isAdmin: true })).graphql.run({
    query: `{ keystone { adminMeta { lists { key hideNavigation } } } }`,
  })) as any
  const hidden = meta.keystone.adminMeta.lists.filter((l: any) => l.hideNavigation).map((l: any) => l.key)
  for (const key of PLUMBING_LISTS) if (meta.keystone.adminMeta.lists.some((l: any) => l.key === key)) expect(hidden).toContain(key)
  expect(hidden).not.toContain('Contact')
})

test.each([
  ['anonymous', async () => undefined],
  ['a resident', async () => createUser(app.context, { type: 'resident' })],
  ['a service account', async () => createUser(app.context, { type: 'service' })],
])('%s gets no navigation', async (_who, user) => {
  expect((await navigationAs(as(app.context, (await user()) as any))).adminNavigation).toEqual([])
})

test('a list no place names goes to "More"; an empty group is left out', () => {
  const groups = buildNavigation(
    [
      { key: 'Contact', path: 'contacts', label: 'Contacts' },
      { key: 'ParkingSpot', path: 'parking-spots', label: 'Parking Spots' },
      { key: 'PushToken', path: 'push-tokens', label: 'Push Tokens' },
    ],
    []
  )
  expect(groups).toEqual([
    { key: 'contacts', title: 'Contacts', links: [{ href: '/contacts', label: 'Contacts', listKey: 'Contact' }] },
    { key: 'more', title: 'More', links: [{ href: '/parking-spots', label: 'Parking Spots', listKey: 'ParkingSpot' }] },
  ])
})

test('the settings pickers choose among the installed message types and channels (staff only)', async () => {
  const query = `{ adminNotificationChoices { messageTypes { type title } channels } }`
  const staff = await createStaff(app.context, (await createOrganization(app.context)).id)
  const { adminNotificationChoices: choices } = (await as(app.context, staff).graphql.run({ query })) as any
  expect(choices.messageTypes).toContainEqual({ type: 'CUSTOM_MESSAGE', title: 'Custom message' })
  expect(choices.messageTypes).toContainEqual({ type: 'PORTAL_INVITATION', title: 'Portal invitation' })
  expect(choices.channels).not.toContain('devOutbox')
  expect(((await as(app.context, await createUser(app.context, { type: 'resident' })).graphql.run({ query })) as any).adminNotificationChoices).toBeNull()
})
