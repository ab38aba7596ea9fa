// The portal's Messages area: the resident's conversations, a thread (marked read when opened) and a
// reply through the same mutation as the app; another resident gets a 404 for the thread.
import { as } from '../../harness/factories'
import { csrfIn, signedInResident, startPortalApp, type PortalApp } from './helpers'

let p: PortalApp
let ann: Awaited<ReturnType<typeof signedInResident>>
let bob: Awaited<ReturnType<typeof signedInResident>>
let conversationId: string

beforeAll(async () => {
  p = await startPortalApp({}, { channels: 'env' })
  ann = await signedInResident(p.app, 'ann')
  bob = await signedInResident(p.app, 'bob')
  const [topic] = await p.app.context.sudo().db.ConversationTopic.findMany({ where: { organization: { id: { equals: ann.organization.id } }, key: { equals: 'general' } } })
  const started = (await as(p.app.context, ann.user as any).graphql.run({
    query: `mutation($t: ID!) { startConversation(topicId: $t, subject: "Bike room key", body: "Where do I get a key?") { id } }`,
    variables: { t: topic.id },
  })) as any
  conversationId = started.startConversation.id
}, 60_000)
afterAll(() => p.app.close())

test('the list shows the resident’s conversations; another resident’s list is empty', async () => {
  const page = await ann.browser.get('/portal/messages')
  expect(page.status).toBe(200)
  expect(page.html).toContain(`href="/portal/messages/${conversationId}"`)
  expect(page.html).toContain('Bike room key')
  expect(page.html).toContain('Where do I get a key?')
  expect((await bob.browser.get('/portal/messages')).html).not.toContain('Bike room key')
})

test('the thread, a reply through the form, and a 404 for someone else’s thread', async () => {
  const thread = await ann.browser.get(`/portal/messages/${conversationId}`)
  expect(thread.status).toBe(200)
  expect(thread.html).toContain('Where do I get a key?')
  const sent = await ann.browser.post(`/portal/messages/${conversationId}`, { _csrf: csrfIn(thread.html), body: 'Also: is it free?' })
  expect(sent.status).toBe(303)
  expect((await ann.browser.get(`/portal/messages/${conversationId}`)).html).toContain('Also: is it free?')
  const empty = await ann.browser.post(`/portal/messages/${conversationId}`, { _csrf: csrfIn(thread.html), body: '   ' })
  expect(empty.status).toBe(400)
  expect(empty.html).toContain('The message is empty')
  expect((await bob.browser.get(`/portal/messages/${conversationId}`)).status).toBe(404)
})
