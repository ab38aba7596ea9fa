// The staff inbox in Chromium on the production build of the Admin UI: the dashboard card counts the
// unread conversation, the inbox lists it with resident, unit and topic, the thread opens (and is marked
// read), a reply is sent and shows in the thread. Fails on any page error, console error or request to a
// host other than loopback.
import { as, createOrganization, createProperty, createStaff } from '../harness/factories'
import { createResident } from '../plugins/messaging/helpers'
import { follow } from './interact'
import { adminJourney } from './journey'
import { signInAsStaff } from './sign-in'
import { screenshots } from './screenshots'

jest.setTimeout(240_000)

const shoot = screenshots('staff-inbox')

const j = adminJourney({}, async app => {
  const organization = await createOrganization(app.context, { name: 'Maple Management', country: 'US' })
  const property = await createProperty(app.context, organization.id, { name: 'Maple Court' })
  const staff = await createStaff(app.context, organization.id, ['readConversations', 'manageConversations'])
  const resident = await createResident(app.context, organization.id, property.id, '12B')
  const [billing] = await app.context.sudo().db.ConversationTopic.findMany({ where: { organization: { id: { equals: organization.id } }, key: { equals: 'maintenance' } } })
  const started = await as(app.context, resident).graphql.run({
    query: `mutation($t: ID!) { startConversation(topicId: $t, subject: "Broken heater", body: "The heater in the kitchen is cold since Monday.") { id } }`,
    variables: { t: billing.id },
  })
  return { organization, staff, resident, conversationId: (started as any).startConversation.id }
})

test('the dashboard counts the unread conversation; the inbox lists it with resident, unit and topic', async () => {
  const { page } = j.browser
  await signInAsStaff(page, j.server.url, j.world.staff.email, 'password-123')
  const card = page.locator('[data-card="unreadConversations"]')
  await card.getByText('1', { exact: true }).waitFor()
  expect(await card.innerText()).toContain('Broken heater')
  await follow(page, page.getByRole('navigation').getByRole('link', { name: 'Inbox' }), /\/inbox$/)
  const row = page.locator(`[data-conversation="${j.world.conversationId}"]`)
  await row.waitFor()
  const text = await row.innerText()
  for (const fact of [j.world.resident.name, 'Maple Court, 12B', 'Maintenance', 'Broken heater', 'The heater in the kitchen is cold since Monday.']) expect(text).toContain(fact)
  await shoot(page, 'inbox')
})

test('open the thread, reply; the reply is in the thread and the conversation is open', async () => {
  const { page } = j.browser
  await follow(page, page.getByRole('link', { name: 'Broken heater' }), /\/inbox\?conversation=/)
  await page.getByRole('heading', { name: 'Broken heater' }).waitFor()
  await page.getByText('The heater in the kitchen is cold since Monday.').waitFor()
  await page.locator('textarea[name="body"]').fill('A technician comes tomorrow between 9 and 12.')
  await page.getByRole('button', { name: 'Send reply' }).click()
  await page.getByRole('list', { name: 'Thread' }).getByText('A technician comes tomorrow between 9 and 12.').waitFor()
  await page.locator('[data-status="open"]').waitFor()
  await shoot(page, 'thread-replied')
  const messages = await j.app.context.sudo().db.ConversationMessage.findMany({ where: { conversation: { id: { equals: j.world.conversationId } } }, orderBy: [{ createdAt: 'asc' }] })
  expect(messages.map((m: any) => [m.body, m.authorId])).toEqual([
    ['The heater in the kitchen is cold since Monday.', j.world.resident.id],
    ['A technician comes tomorrow between 9 and 12.', j.world.staff.id],
  ])
})
