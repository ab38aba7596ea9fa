// A person's own inbox (myConversations): each row's newest message they may see comes from their read
// cursor, so a page costs the same few queries whatever its size, and an internal note never becomes a
// resident's last message.
import { startTestApp, type TestApp } from '../../harness/app'
import { as } from '../../harness/factories'
import { queryCounter } from '../../harness/query-counter'
import { ADD, NOTE, REPLY, START, createResident, ok, setupOrganization } from './helpers'

const counter = queryCounter()
let app: TestApp
let s: Awaited<ReturnType<typeof setupOrganization>>
let resident: Awaited<ReturnType<typeof createResident>>

const INBOX = `query { myConversations(take: 20) { unreadCount conversation { id } lastMessage { body } } }`

beforeAll(async () => {
  app = await startTestApp({ plugins: [counter.plugin], env: { CONVERSATION_MESSAGES_PER_MINUTE: '1000' } })
  s = await setupOrganization(app)
  resident = await createResident(app.context, s.org.id, s.property.id)
}, 60_000)
afterAll(() => app?.close())

test('the newest visible message of every row is read in one query, and a note is never a resident’s last message', async () => {
  const started: string[] = []
  for (let i = 1; i <= 4; i++) started.push((await ok(app, resident, START, { topicId: s.billing, subject: `Thread ${i}`, body: `hello ${i}` })).startConversation.id)
  await ok(app, s.manager, REPLY, { id: started[0], body: 'answer 1' })
  await ok(app, s.manager, NOTE, { id: started[0], body: 'note 1' })
  await ok(app, s.manager, NOTE, { id: started[1], body: 'note 2' })

  const { result, queries } = await counter.during(() => as(app.context, resident).graphql.raw({ query: INBOX }) as Promise<any>)
  const rows = new Map(result.data.myConversations.map((row: any) => [row.conversation.id, [row.lastMessage?.body, row.unreadCount]]))
  expect(started.map(id => rows.get(id))).toEqual([
    ['answer 1', 1],
    ['hello 2', 0], // the note is not theirs
    ['hello 3', 0],
    ['hello 4', 0],
  ])
  expect(queries.filter(q => q.startsWith('ConversationMessage.'))).toEqual(['ConversationMessage.findMany'])

  // the manager sees their note as the last message of the thread they joined by replying; the other
  // note did not make them a participant (residents would see them join), so that thread is not theirs
  const theirs = (await ok(app, s.manager, INBOX)).myConversations.map((row: any) => [row.conversation.id, row.lastMessage?.body])
  expect(theirs).toEqual([[started[0], 'note 1']])
})

test('threads ordered by the newest message the person may see; one where they may see none yet comes last, on every database', async () => {
  const other = await createResident(app.context, s.org.id, s.property.id, '14')
  const me = await createResident(app.context, s.org.id, s.property.id, '15')
  const joined = (await ok(app, other, START, { topicId: s.billing, subject: 'Theirs first', body: 'before you came' })).startConversation.id
  const mine = (await ok(app, me, START, { topicId: s.billing, subject: 'Mine', body: 'my question' })).startConversation.id
  await ok(app, s.manager, REPLY, { id: joined, body: 'also before you came' })
  await ok(app, s.manager, ADD, { id: joined, userId: me.id })
  await ok(app, s.manager, NOTE, { id: mine, body: 'staff only' })
  const rows = (await ok(app, me, INBOX)).myConversations.map((row: any) => [row.conversation.id, row.lastMessage?.body ?? null])
  expect(rows).toEqual([[mine, 'my question'], [joined, null]])
  const second = (await ok(app, me, `query { myConversations(take: 1, skip: 1) { conversation { id } } }`)).myConversations.map((row: any) => row.conversation.id)
  expect(second).toEqual([joined])
  // a reply they may see puts the thread they joined on top
  await ok(app, s.manager, REPLY, { id: joined, body: 'welcome' })
  expect((await ok(app, me, INBOX)).myConversations.map((row: any) => row.lastMessage?.body)).toEqual(['welcome', 'my question'])
})
