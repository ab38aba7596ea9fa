// The visibility matrix: who sees which messages, notes, activities and counts of one thread, through
// the lists' own queries (the same access every path uses). One thread, written step by step:
//   m1 resident starts (routed to the bookkeeper) · coResident and deputy added · m2 bookkeeper ·
//   n1 bookkeeper's note · manager added · m3 resident · coResident and deputy removed · m4 bookkeeper ·
//   deputy re-added · m5 resident · n2 manager's note
import { startTestApp, type TestApp } from '../../harness/app'
import { createOrganization, createUser } from '../../harness/factories'
import { ADD, NOTE, REMOVE, REPLY, START, call, createResident, ok, setupOrganization, staffWith } from './helpers'

let app: TestApp
let conversationId: string
const cast: Record<string, any> = {}

beforeAll(async () => {
  app = await startTestApp()
  const { org, property, bookkeeper, billing } = await setupOrganization(app)
  Object.assign(cast, {
    bookkeeper,
    resident: await createResident(app.context, org.id, property.id, '12'),
    coResident: await createResident(app.context, org.id, property.id, '12'),
    deputy: await staffWith(app, org.id, []),
    // staff without readConversations: sees only while a participant
    manager: await staffWith(app, org.id, ['manageContacts']),
    reader: await staffWith(app, org.id, ['readConversations']),
    staffWithout: await staffWith(app, org.id, ['manageContacts', 'manageMessages']),
    otherResident: await createResident(app.context, org.id, property.id, '14'),
    admin: await createUser(app.context, { isAdmin: true }),
  })
  const other = await createOrganization(app.context)
  cast.otherOrgStaff = await staffWith(app, other.id, ['readConversations', 'manageConversations', 'readContacts'])
  // the one adding and removing people holds manageConversations
  const boss = await staffWith(app, org.id, ['manageConversations'])

  const start = await ok(app, cast.resident, START, { topicId: billing, subject: 'Invoice', body: 'm1' })
  conversationId = start.startConversation.id
  const id = conversationId
  await ok(app, boss, ADD, { id, userId: cast.coResident.id })
  await ok(app, boss, ADD, { id, userId: cast.deputy.id })
  await ok(app, bookkeeper, REPLY, { id, body: 'm2' })
  await ok(app, bookkeeper, NOTE, { id, body: 'n1' })
  await ok(app, boss, ADD, { id, userId: cast.manager.id })
  await ok(app, cast.resident, REPLY, { id, body: 'm3' })
  await ok(app, boss, REMOVE, { id, userId: cast.coResident.id })
  await ok(app, boss, REMOVE, { id, userId: cast.deputy.id })
  await ok(app, bookkeeper, REPLY, { id, body: 'm4' })
  await ok(app, boss, ADD, { id, userId: cast.deputy.id })
  await ok(app, cast.resident, REPLY, { id, body: 'm5' })
  await ok(app, cast.manager, NOTE, { id, body: 'n2' })
}, 120_000)
afterAll(() => app?.close())

const ALL = ['m1', 'm2', 'n1', 'm3', 'm4', 'm5', 'n2']
const seen: [string, string[]][] = [
  ['resident', ['m1', 'm2', 'm3', 'm4', 'm5']], // participant from the start: every message, no notes
  ['bookkeeper', ALL], // routed at the start, staff: notes too
  ['coResident', ['m2', 'm3']], // added, then removed: what was written in between
  ['deputy', ['m2', 'n1', 'm3', 'm5', 'n2']], // added, removed, re-added: both stints
  ['manager', ['m3', 'm4', 'm5', 'n2']], // added mid-thread: from then on
  ['reader', ALL], // readConversations: every thread of the organization
  ['admin', ALL],
  ['staffWithout', []],
  ['otherOrgStaff', []],
  ['otherResident', []],
  ['anonymous', []],
]

const MESSAGES = `query($id: ID!) { conversationMessages(where: { conversation: { id: { equals: $id } } }, orderBy: { createdAt: asc }) { body } conversationMessagesCount(where: { conversation: { id: { equals: $id } } }) }`

test.each(seen)('%s sees exactly these messages, and counts them the same', async (who, expected) => {
  const data = await ok(app, cast[who], MESSAGES, { id: conversationId })
  expect((data.conversationMessages ?? []).map((m: { body: string }) => m.body)).toEqual(expected)
  expect(data.conversationMessagesCount ?? 0).toBe(expected.length)
})

test.each(seen)('%s sees the conversation itself only when it sees messages of it (or took part)', async (who, expected) => {
  const data = await ok(app, cast[who], `query($id: ID!) { conversation(where: { id: $id }) { id subject } }`, { id: conversationId })
  expect(data.conversation?.subject ?? null).toBe(expected.length ? 'Invoice' : null)
})

test('internal notes are never visible to residents, even by asking for them', async () => {
  for (const who of ['resident', 'coResident', 'otherResident']) {
    const data = await ok(app, cast[who], `query { conversationMessagesCount(where: { isInternal: { equals: true } }) }`)
    expect({ who, count: data.conversationMessagesCount }).toEqual({ who, count: 0 })
  }
})

test('read cursors count what each person could see since they last read or wrote', async () => {
  const unread = async (who: string) => {
    const data = await ok(app, cast[who], `query { myConversations { unreadCount lastMessage { body } } myConversationsUnreadCount }`)
    return { rows: data.myConversations.map((r: any) => [r.unreadCount, r.lastMessage?.body ?? null]), total: data.myConversationsUnreadCount }
  }
  expect(await unread('resident')).toEqual({ rows: [[0, 'm5']], total: 0 }) // wrote m5 last; n2 is a note
  expect(await unread('coResident')).toEqual({ rows: [[2, 'm3']], total: 2 }) // m2, m3; nothing after leaving
  expect(await unread('deputy')).toEqual({ rows: [[5, 'n2']], total: 5 }) // m2 n1 m3 · m5 n2
  expect(await unread('bookkeeper')).toEqual({ rows: [[2, 'n2']], total: 2 }) // m5, n2 after writing m4
  expect(await unread('otherResident')).toEqual({ rows: [], total: 0 })
})

test('activities follow the same rule: a removed resident sees their removal and nothing later, never internal entries', async () => {
  const kinds = async (who: string) =>
    (await ok(app, cast[who], `query($id: ID!) { conversationActivities(where: { conversation: { id: { equals: $id } } }, orderBy: { createdAt: asc }) { kind isInternal } }`, { id: conversationId }))
      .conversationActivities.map((a: any) => `${a.kind}${a.isInternal ? '*' : ''}`)
  expect(await kinds('coResident')).toEqual(['participantAdded', 'participantAdded', 'participantAdded', 'participantRemoved'])
  expect((await kinds('resident')).filter((k: string) => k.endsWith('*'))).toEqual([])
  expect(await kinds('bookkeeper')).toContain('participantAdded*') // routed to them: management only
  expect(await kinds('otherResident')).toEqual([])
})

test('the participants list shows stints: the deputy twice, the co-resident with a left time', async () => {
  const data = await ok(app, cast.resident, `query($id: ID!) { conversationParticipants(where: { conversation: { id: { equals: $id } } }, orderBy: { joinedAt: asc }) { userName leftAt } }`, { id: conversationId })
  const stints = data.conversationParticipants.map((p: any) => [p.userName, p.leftAt === null ? 'open' : 'left'])
  expect(stints.filter(([name]: any) => name === cast.deputy.name).map(([, state]: any) => state)).toEqual(['left', 'open'])
  expect(stints.filter(([name]: any) => name === cast.coResident.name).map(([, state]: any) => state)).toEqual(['left'])
})

test('management-only fields read as null for residents and staff without readConversations', async () => {
  const query = `query($id: ID!) { conversation(where: { id: $id }) { lastMessagePreview staffUnreadCount messageCount } }`
  expect((await ok(app, cast.resident, query, { id: conversationId })).conversation).toEqual({ lastMessagePreview: null, staffUnreadCount: null, messageCount: null })
  expect((await ok(app, cast.manager, query, { id: conversationId })).conversation.lastMessagePreview).toBeNull()
  expect((await ok(app, cast.reader, query, { id: conversationId })).conversation).toEqual({ lastMessagePreview: '[note] n2', staffUnreadCount: 1, messageCount: 7 })
})

test('messages are immutable through the API, for everyone (admins too)', async () => {
  const [first] = await app.context.sudo().db.ConversationMessage.findMany({ where: { conversation: { id: { equals: conversationId } } }, orderBy: [{ createdAt: 'asc' }], take: 1 })
  for (const who of ['resident', 'bookkeeper', 'admin']) {
    const update = await call(app, cast[who], `mutation($id: ID!) { updateConversationMessage(where: { id: $id }, data: { body: "edited" }) { id } }`, { id: first.id })
    const remove = await call(app, cast[who], `mutation($id: ID!) { deleteConversationMessage(where: { id: $id }) { id } }`, { id: first.id })
    expect({ who, update: update.code, remove: remove.code }).toEqual({ who, update: 'KS_ACCESS_DENIED', remove: 'KS_ACCESS_DENIED' })
  }
  expect((await app.context.sudo().db.ConversationMessage.findOne({ where: { id: first.id } }))?.body).toBe('m1')
})

test('anonymous callers get nothing, and a sign-in error from the custom queries', async () => {
  expect((await call(app, undefined, `query { myConversations { unreadCount } }`)).code).toBe('SIGN_IN_REQUIRED')
  expect((await call(app, undefined, REPLY, { id: conversationId, body: 'x' })).code).toBe('SIGN_IN_REQUIRED')
  expect((await call(app, cast.otherResident, REPLY, { id: conversationId, body: 'x' })).code).toBe('CONVERSATION_NOT_FOUND')
  expect((await call(app, cast.coResident, REPLY, { id: conversationId, body: 'x' })).code).toBe('CONVERSATION_FORBIDDEN')
})
