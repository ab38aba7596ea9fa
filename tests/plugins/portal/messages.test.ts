// The portal's Messages area over HTTP, as a browser without JavaScript uses it: the resident starts a
// conversation on a topic, sees it in the list, the management's reply appears in the thread (an internal
// note never does), a reply re-opens a resolved thread, refusals come back on the form, and another
// resident cannot open the thread.
import { startTestApp, type TestApp } from '../../harness/app'
import { createStaff } from '../../harness/factories'
import { employeeId, ok, topicId, REPLY, NOTE, RESOLVE } from '../messaging/helpers'
import { csrfIn, signedInResident } from './helpers'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ http: true })
})
afterAll(() => app?.close())

async function world(label: string) {
  const resident = await signedInResident(app, label)
  const manager = await createStaff(app.context, resident.organization.id, ['readConversations', 'manageConversations'])
  const billing = await topicId(app.context, resident.organization.id, 'billing')
  await app.context.sudo().db.ConversationTopic.updateOne({
    where: { id: billing },
    data: { defaultRecipient: { connect: { id: await employeeId(app.context, manager.id, resident.organization.id) } } },
  })
  return { ...resident, manager: manager as any, billing }
}

const idFrom = (location: string | null) => location!.match(/^\/portal\/messages\/([^/?]+)$/)![1]

test('a resident starts a conversation, reads the reply (not the internal note) and re-opens it by replying', async () => {
  const { browser, manager, billing } = await world('msg-a')
  const inbox = await browser.get('/portal/messages')
  expect(inbox.status).toBe(200)
  expect(inbox.html).toContain('No conversations yet')
  for (const topic of ['Billing', 'Maintenance', 'Parking', 'General']) expect(inbox.html).toContain(`>${topic}</option>`)

  const started = await browser.post('/portal/messages', { _csrf: csrfIn(inbox.html), topic: billing, subject: 'Double charge in May', body: 'I was charged twice.' })
  expect(started.status).toBe(303)
  const id = idFrom(started.location)

  await ok(app, manager, REPLY, { id, body: 'Refunded, sorry about that.' })
  await ok(app, manager, NOTE, { id, body: 'Bank error on our side' })
  const thread = await browser.get(`/portal/messages/${id}`)
  expect(thread.status).toBe(200)
  expect(thread.html).toContain('Double charge in May')
  expect(thread.html).toContain('I was charged twice.')
  expect(thread.html).toContain('Refunded, sorry about that.')
  expect(thread.html).not.toContain('Bank error on our side')

  const list = await browser.get('/portal/messages')
  expect(list.html).toContain(`href="/portal/messages/${id}"`)
  expect(list.html).toContain('Refunded, sorry about that.')

  await ok(app, manager, RESOLVE, { id, category: 'resolved' })
  const resolved = await browser.get(`/portal/messages/${id}`)
  expect(resolved.html).toContain('replying opens it again')
  const replied = await browser.post(`/portal/messages/${id}`, { _csrf: csrfIn(resolved.html), body: 'It happened again in June.' })
  expect(replied.status).toBe(303)
  const [conversation] = await app.context.sudo().prisma.conversation.findMany({ where: { id } })
  expect(conversation.status).not.toBe('resolved')
  expect(conversation.reopenCount).toBe(1)
})

test('refusals come back on the form and write nothing', async () => {
  const { browser, billing, user } = await world('msg-b')
  const inbox = await browser.get('/portal/messages')
  const empty = await browser.post('/portal/messages', { _csrf: csrfIn(inbox.html), topic: billing, subject: '   ', body: 'Hello' })
  expect(empty.status).toBe(400)
  expect(empty.html).toContain('role="alert"')
  expect(await app.context.sudo().prisma.conversation.count({ where: { residentId: user.id } })).toBe(0)
  // the resident's input is kept
  expect(empty.html).toContain('>Hello</textarea>')

  const forged = await browser.post('/portal/messages', { _csrf: 'forged', topic: billing, subject: 'S', body: 'B' })
  expect(forged.status).toBe(400)
  expect(await app.context.sudo().prisma.conversation.count({ where: { residentId: user.id } })).toBe(0)
})

test('another resident gets a not-found page for the thread and cannot reply to it', async () => {
  const { browser, billing } = await world('msg-c')
  const inbox = await browser.get('/portal/messages')
  const started = await browser.post('/portal/messages', { _csrf: csrfIn(inbox.html), topic: billing, subject: 'Private', body: 'Mine only' })
  const id = idFrom(started.location)

  const other = await signedInResident(app, 'msg-d')
  const seen = await other.browser.get(`/portal/messages/${id}`)
  expect(seen.status).toBe(404)
  expect(seen.html).not.toContain('Mine only')
  const page = await other.browser.get('/portal/messages')
  const reply = await other.browser.post(`/portal/messages/${id}`, { _csrf: csrfIn(page.html), body: 'Let me in' })
  expect(reply.status).toBe(404)
  expect(await app.context.sudo().prisma.conversationMessage.count({ where: { conversationId: id } })).toBe(1)
})

test('anonymous visitors are sent to sign in', async () => {
  const res = await fetch(`${app.url}/portal/messages`, { redirect: 'manual' })
  expect(res.status).toBe(303)
  expect(res.headers.get('location')).toBe('/portal/signin')
})
