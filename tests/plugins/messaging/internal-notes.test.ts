// Internal notes are invisible to residents in every way: everything a resident can read of their
// conversations through GraphQL (every field of Conversation and of what it links to, their inbox and its
// order, their read cursors) and the portal's Messages pages are byte for byte the same before and after
// staff write a note, by a participant or by a manager who is not one. Staff still see the note move
// the thread to the top of their inbox.
import type { GraphQLSchema } from 'graphql'
import { getNamedType, isLeafType, isObjectType } from 'graphql'
import { startTestApp, type TestApp } from '../../harness/app'
import { as, createStaff } from '../../harness/factories'
import { signedInResident } from '../portal/helpers'
import { employeeId, ok, topicId, NOTE, REPLY, START } from './helpers'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ http: true, env: { CONVERSATION_MESSAGES_PER_MINUTE: '1000' } })
}, 60_000)
afterAll(() => app?.close())

/** A selection of every leaf field of `type`, and of the objects it links to one level down. */
function everything(schema: GraphQLSchema, typeName: string, depth = 1): string {
  const type = schema.getType(typeName)
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`)
  const fields = Object.values(type.getFields()).flatMap(field => {
    const named = getNamedType(field.type)
    if (isLeafType(named)) return field.args.some(a => a.type.toString().endsWith('!')) ? [] : [field.name]
    return depth > 0 && isObjectType(named) ? [`${field.name} { ${everything(schema, named.name, depth - 1) || '__typename'} }`] : []
  })
  return fields.join(' ')
}

async function world() {
  const resident = await signedInResident(app, 'notes')
  const organizationId = resident.organization.id
  const manager = (await createStaff(app.context, organizationId, ['readConversations', 'manageConversations'])) as any
  // reads and manages every thread, takes part in none
  const supervisor = (await createStaff(app.context, organizationId, ['readConversations', 'manageConversations'])) as any
  const billing = await topicId(app.context, organizationId, 'billing')
  await app.context.sudo().db.ConversationTopic.updateOne({ where: { id: billing }, data: { defaultRecipient: { connect: { id: await employeeId(app.context, manager.id, organizationId) } } } })
  return { ...resident, organizationId, manager, supervisor, billing }
}

test('a resident’s view of their conversations is byte for byte the same after staff write internal notes', async () => {
  const w = await world()
  const user = { ...w.user, id: String(w.user.id), type: 'resident', isAdmin: false } as any
  const older = (await ok(app, user, START, { topicId: w.billing, subject: 'Older thread', body: 'first question' })).startConversation.id
  const newer = (await ok(app, user, START, { topicId: w.billing, subject: 'Newer thread', body: 'second question' })).startConversation.id
  await ok(app, w.manager, REPLY, { id: older, body: 'an answer' })
  await ok(app, w.manager, REPLY, { id: newer, body: 'a later answer' })

  const schema = app.context.graphql.schema
  const conversation = everything(schema, 'Conversation')
  const VIEW = `query($ids: [ID!]) {
    conversations(where: { id: { in: $ids } }, orderBy: [{ subject: asc }]) { ${conversation} }
    myConversations(take: 50) { unreadCount conversation { ${conversation} } lastMessage { ${everything(schema, 'ConversationMessage')} } }
    myConversationsUnreadCount
    conversationReadCursors(orderBy: [{ id: asc }]) { ${everything(schema, 'ConversationReadCursor', 0)} }
    conversationsCount
  }`
  const view = async () => {
    const result = (await as(app.context, user).graphql.raw({ query: VIEW, variables: { ids: [older, newer] } })) as any
    expect(result.errors).toBeUndefined()
    return JSON.stringify(result)
  }
  const inbox = async () => (await w.browser.get('/portal/messages')).html

  const before = { graphql: await view(), portal: await inbox() }
  // sanity: the view holds what a resident reads, newest visible message first
  expect(JSON.parse(before.graphql).data.myConversations.map((row: any) => row.conversation.id)).toEqual([newer, older])
  expect(before.portal).toContain('a later answer')

  // a participant's note and a non-participant manager's note, on the older thread (which staff now see on top)
  await ok(app, w.manager, NOTE, { id: older, body: 'participant note' })
  await ok(app, w.supervisor, NOTE, { id: older, body: 'supervisor note' })
  const after = { graphql: await view(), portal: await inbox() }
  expect(after.graphql).toBe(before.graphql)
  expect(after.portal).toBe(before.portal)

  // the thread page (opening it marks it read, so it is compared with itself around one more note)
  const page = async () => (await w.browser.get(`/portal/messages/${older}`)).html
  const threadBefore = await page()
  await ok(app, w.supervisor, NOTE, { id: older, body: 'one more note' })
  expect(await page()).toBe(threadBefore)
  for (const note of ['participant note', 'supervisor note', 'one more note']) expect(threadBefore).not.toContain(note)

  // staff: the notes moved the older thread to the top of the inbox, with the note as its last message
  const STAFF = `query($org: ID!) { staffInbox(organizationId: $org, status: "open") { rows { id lastMessageAt lastMessagePreview lastMessageAuthorName } } }`
  const rows = (await ok(app, w.supervisor, STAFF, { org: w.organizationId })).staffInbox.rows
  expect(rows.map((row: any) => row.id)).toEqual([older, newer])
  expect(rows[0].lastMessagePreview).toBe('[note] one more note')
  expect(rows[0].lastMessageAuthorName).toBe(w.supervisor.name)
  // the supervisor's notes did not make them a participant
  expect(await app.context.sudo().prisma.conversationParticipant.count({ where: { conversationId: older, userId: w.supervisor.id } })).toBe(0)
  // staff read the thread's lastMessageAt; a resident reads nothing of it, and cannot filter or order by it
  const staffRow = (await ok(app, w.manager, `query($id: ID!) { conversation(where: { id: $id }) { lastMessageAt } }`, { id: older })).conversation
  expect(staffRow.lastMessageAt).toBe(rows[0].lastMessageAt)
  expect(JSON.parse(after.graphql).data.conversations.every((row: any) => row.lastMessageAt === null)).toBe(true)
  const probe = (await as(app.context, user).graphql.raw({ query: `query($at: DateTime) { conversations(where: { lastMessageAt: { gt: $at } }) { id } }`, variables: { at: '2000-01-01T00:00:00Z' } })) as any
  expect(probe.data?.conversations ?? null).toBeNull()
  expect(probe.errors?.[0]?.message).toMatch(/lastMessageAt/)
})
