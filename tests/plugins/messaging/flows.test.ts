// The status machine, routing, links, the staff inbox and each refusal's code.
import { startTestApp, type TestApp } from '../../harness/app'
import { createOrganization, createProperty } from '../../harness/factories'
import { archiveResolved } from '../../../tasks/archive-conversations'
import { ADD, NOTE, READ, REMOVE, REPLY, RESOLVE, START, call, createResident, employeeId, ok, setupOrganization, staffWith, topicId } from './helpers'

let app: TestApp
let s: Awaited<ReturnType<typeof setupOrganization>>
let resident: Awaited<ReturnType<typeof createResident>>

beforeAll(async () => {
  app = await startTestApp({ env: { CONVERSATION_MESSAGES_PER_MINUTE: '1000' } })
  s = await setupOrganization(app)
  resident = await createResident(app.context, s.org.id, s.property.id, '7B')
}, 60_000)
afterAll(() => app?.close())

const start = async (topic = s.billing, subject = 'Question') => (await ok(app, resident, START, { topicId: topic, subject, body: 'Hello' })).startConversation
const conversation = (id: string) => app.context.sudo().db.Conversation.findOne({ where: { id } })
const kinds = async (id: string) =>
  (await app.context.sudo().db.ConversationActivity.findMany({ where: { conversation: { id: { equals: id } } }, orderBy: [{ createdAt: 'asc' }] })).map((a: any) => a.kind)
const participants = async (id: string) =>
  (await app.context.sudo().db.ConversationParticipant.findMany({ where: { conversation: { id: { equals: id } }, leftAt: { equals: null } } })).map((p: any) => p.userId).sort()

test('the default topics are seeded for every organization, new or existing', async () => {
  const other = await createOrganization(app.context)
  const names = async (org: string) =>
    (await app.context.sudo().db.ConversationTopic.findMany({ where: { organization: { id: { equals: org } } }, orderBy: [{ order: 'asc' }] })).map((t: any) => t.name)
  expect(await names(other.id)).toEqual(['Billing', 'Maintenance', 'Parking', 'General'])
  expect(await names(s.org.id)).toEqual(['Billing', 'Maintenance', 'Parking', 'General'])
})

describe('routing', () => {
  test('to the topic’s default recipient, who joins the thread', async () => {
    const started = await start()
    expect(started.status).toBe('unread')
    expect(await participants(started.id)).toEqual([resident.id, s.bookkeeper.id].sort())
  })

  test('to the fallback when the default recipient no longer works here, else to nobody (waiting in the inbox)', async () => {
    const maintenance = await topicId(app.context, s.org.id, 'maintenance')
    const leaving = await staffWith(app, s.org.id, [])
    const fallback = await staffWith(app, s.org.id, [])
    await app.context.sudo().db.ConversationTopic.updateOne({
      where: { id: maintenance },
      data: { defaultRecipient: { connect: { id: await employeeId(app.context, leaving.id, s.org.id) } }, fallbackRecipient: { connect: { id: await employeeId(app.context, fallback.id, s.org.id) } } },
    })
    expect(await participants((await start(maintenance)).id)).toEqual([resident.id, leaving.id].sort())
    await app.context.sudo().db.OrganizationEmployee.deleteOne({ where: { id: await employeeId(app.context, leaving.id, s.org.id) } })
    expect(await participants((await start(maintenance)).id)).toEqual([resident.id, fallback.id].sort())

    const parking = await topicId(app.context, s.org.id, 'parking')
    const unrouted = await start(parking)
    expect(await participants(unrouted.id)).toEqual([resident.id])
    expect(await kinds(unrouted.id)).toEqual(['participantAdded', 'routed', 'started'])
  })

  test('a topic of another organization, or an inactive one, is TOPIC_NOT_FOUND and nothing is written', async () => {
    const other = await createOrganization(app.context)
    const foreign = await topicId(app.context, other.id, 'billing')
    const general = await topicId(app.context, s.org.id, 'general')
    await app.context.sudo().db.ConversationTopic.updateOne({ where: { id: general }, data: { isActive: false } })
    const before = await app.context.sudo().db.Conversation.count()
    for (const topic of [foreign, general]) {
      expect((await call(app, resident, START, { topicId: topic, subject: 'X', body: 'Y' })).code).toBe('TOPIC_NOT_FOUND')
    }
    expect((await call(app, s.manager, START, { topicId: s.billing, subject: 'X', body: 'Y' })).code).toBe('RESIDENTS_ONLY')
    expect((await call(app, resident, START, { topicId: s.billing, subject: ' ', body: 'Y' })).code).toBe('SUBJECT_REQUIRED')
    expect((await call(app, resident, START, { topicId: s.billing, subject: 'X', body: 'x'.repeat(5001) })).code).toBe('MESSAGE_BODY_TOO_LONG')
    expect((await call(app, resident, START, { topicId: s.billing, subject: 'X\u202E', body: 'Y' })).code).toBe('INVALID_CHARACTERS')
    expect(await app.context.sudo().db.Conversation.count()).toBe(before)
  })
})

describe('status machine', () => {
  test('unread → open (staff reads) → resolved (category) → re-opened by the resident’s reply, counted and logged', async () => {
    const { id } = await start()
    expect((await ok(app, s.bookkeeper, READ, { id })).markConversationRead.status).toBe('open')
    expect((await call(app, s.bookkeeper, RESOLVE, { id, category: 'fixed' })).code).toBe('RESOLUTION_CATEGORY_REQUIRED')
    expect((await conversation(id))?.status).toBe('open')
    const resolved = (await ok(app, s.bookkeeper, RESOLVE, { id, category: 'noActionNeeded', note: 'Paid already' })).resolveConversation
    expect(resolved).toMatchObject({ status: 'resolved', resolutionCategory: 'noActionNeeded' })
    expect((await call(app, s.bookkeeper, RESOLVE, { id, category: 'resolved' })).code).toBe('CONVERSATION_NOT_ACTIVE')
    // a staff reply leaves a resolved thread resolved
    await ok(app, s.bookkeeper, REPLY, { id, body: 'Closing, thanks' })
    expect((await conversation(id))?.status).toBe('resolved')
    await ok(app, resident, REPLY, { id, body: 'Actually, one more thing' })
    expect(await conversation(id)).toMatchObject({ status: 'unread', reopenCount: 1, resolvedAt: null })
    expect(await kinds(id)).toEqual(expect.arrayContaining(['resolved', 'reopened']))
    // the resolution note is management's: residents read null
    const note = await ok(app, resident, `query($id: ID!) { conversation(where: { id: $id }) { resolutionNote resolutionCategory } }`, { id })
    expect(note.conversation).toEqual({ resolutionNote: null, resolutionCategory: 'noActionNeeded' })
  })

  test('a resident’s reply to an archived thread re-opens it too (decided: nothing a resident writes is lost)', async () => {
    const { id } = await start()
    await ok(app, s.manager, `mutation($id: ID!) { archiveConversation(conversationId: $id) { status } }`, { id })
    expect((await call(app, s.manager, `mutation($id: ID!) { archiveConversation(conversationId: $id) { status } }`, { id })).code).toBe('CONVERSATION_ALREADY_ARCHIVED')
    await ok(app, resident, REPLY, { id, body: 'Hello again' })
    expect(await conversation(id)).toMatchObject({ status: 'unread', reopenCount: 1, archivedAt: null })
  })

  test('the sweeper archives threads resolved more than CONVERSATION_ARCHIVE_AFTER_DAYS ago, once', async () => {
    const { id } = await start()
    await ok(app, s.bookkeeper, RESOLVE, { id, category: 'resolved' })
    const resolvedAt = new Date((await conversation(id))!.resolvedAt as Date)
    expect(await archiveResolved(app.context, { archiveAfterDays: 30, now: new Date(resolvedAt.getTime() + 29 * 86_400_000) })).toBe(0)
    expect(await archiveResolved(app.context, { archiveAfterDays: 30, now: new Date(resolvedAt.getTime() + 31 * 86_400_000) })).toBeGreaterThanOrEqual(1)
    expect((await conversation(id))?.status).toBe('archived')
    expect(await archiveResolved(app.context, { archiveAfterDays: 30, now: new Date(resolvedAt.getTime() + 32 * 86_400_000) })).toBe(0)
    expect((await kinds(id)).filter((k: string) => k === 'archived')).toHaveLength(1)
  })

  test('who may act: a resident cannot resolve, note or add; staff outside the thread without manageConversations cannot either', async () => {
    const { id } = await start()
    const outsider = await staffWith(app, s.org.id, ['readConversations'])
    expect((await call(app, resident, RESOLVE, { id, category: 'resolved' })).code).toBe('CONVERSATION_FORBIDDEN')
    expect((await call(app, resident, NOTE, { id, body: 'x' })).code).toBe('CONVERSATION_FORBIDDEN')
    expect((await call(app, resident, ADD, { id, userId: outsider.id })).code).toBe('CONVERSATION_FORBIDDEN')
    expect((await call(app, outsider, REPLY, { id, body: 'x' })).code).toBe('CONVERSATION_FORBIDDEN')
    expect((await call(app, outsider, RESOLVE, { id, category: 'resolved' })).code).toBe('CONVERSATION_FORBIDDEN')
    // management joins by replying
    await ok(app, s.manager, REPLY, { id, body: 'I am on it' })
    expect(await participants(id)).toContain(s.manager.id)
  })
})

describe('participants', () => {
  test('add twice is PARTICIPANT_ALREADY_PRESENT; someone of another organization is PARTICIPANT_NOT_IN_ORGANIZATION; anyone may leave', async () => {
    const { id } = await start()
    const colleague = await staffWith(app, s.org.id, [])
    await ok(app, s.bookkeeper, ADD, { id, userId: colleague.id })
    expect((await call(app, s.bookkeeper, ADD, { id, userId: colleague.id })).code).toBe('PARTICIPANT_ALREADY_PRESENT')
    const other = await createOrganization(app.context)
    const stranger = await staffWith(app, other.id, [])
    expect((await call(app, s.bookkeeper, ADD, { id, userId: stranger.id })).code).toBe('PARTICIPANT_NOT_IN_ORGANIZATION')
    await ok(app, colleague, REMOVE, { id, userId: colleague.id })
    expect((await call(app, colleague, REMOVE, { id, userId: colleague.id })).code).toBe('PARTICIPANT_NOT_PRESENT') // they keep the thread, not a seat
  })
})

describe('links', () => {
  const LINK = `mutation($id: ID!, $list: String!, $target: ID!) { linkConversation(conversationId: $id, list: $list, id: $target) { targetList targetId label } }`
  test('Contact, Property and Message of the organization; anything else is refused with its code and nothing is written', async () => {
    const { id } = await start()
    const linked = await ok(app, s.manager, LINK, { id, list: 'Property', target: s.property.id })
    expect(linked.linkConversation).toMatchObject({ targetList: 'Property', targetId: s.property.id, label: s.property.name })
    expect((await call(app, s.manager, LINK, { id, list: 'Property', target: s.property.id })).code).toBe('ALREADY_LINKED')
    expect((await call(app, s.manager, LINK, { id, list: 'User', target: s.manager.id })).code).toBe('LINK_TARGET_NOT_ALLOWED')
    const foreign = await createProperty(app.context, (await createOrganization(app.context)).id)
    expect((await call(app, s.manager, LINK, { id, list: 'Property', target: foreign.id })).code).toBe('LINK_TARGET_NOT_FOUND')
    expect((await call(app, resident, LINK, { id, list: 'Property', target: s.property.id })).code).toBe('CONVERSATION_FORBIDDEN')
    expect(await app.context.sudo().db.ConversationLink.count({ where: { conversation: { id: { equals: id } } } })).toBe(1)
    expect(await kinds(id)).toContain('linked')
    // residents never see links
    expect((await ok(app, resident, `query { conversationLinksCount }`)).conversationLinksCount).toBe(0)
  })
})

describe('staff inbox', () => {
  const INBOX = `query($org: ID!, $status: String!, $search: String) { staffInbox(organizationId: $org, status: $status, search: $search) { count rows { id subject residentName unitName propertyName topicName lastMessagePreview unreadCount } } }`
  test('rows carry resident, unit, property, topic, last message and the team’s unread count; search finds by unit, name, subject and text', async () => {
    const { id } = await start(s.billing, 'Water meter 4471')
    await ok(app, resident, REPLY, { id, body: 'The meter reads zebra-9000' })
    const page = (await ok(app, s.manager, INBOX, { org: s.org.id, status: 'unread' })).staffInbox
    const row = page.rows.find((r: any) => r.id === id)
    expect(row).toEqual({ id, subject: 'Water meter 4471', residentName: resident.name, unitName: '7B', propertyName: s.property.name, topicName: 'Billing', lastMessagePreview: 'The meter reads zebra-9000', unreadCount: 2 })
    for (const search of ['zebra-9000', 'ZEBRA', 'meter 4471', resident.name]) {
      const found = (await ok(app, s.manager, INBOX, { org: s.org.id, status: 'unread', search })).staffInbox.rows.map((r: any) => r.id)
      expect({ search, found: found.includes(id) }).toEqual({ search, found: true })
    }
    expect((await ok(app, s.manager, INBOX, { org: s.org.id, status: 'unread', search: 'no-such-words' })).staffInbox.count).toBe(0)
    await ok(app, s.manager, READ, { id })
    expect((await ok(app, s.manager, INBOX, { org: s.org.id, status: 'open' })).staffInbox.rows.find((r: any) => r.id === id).unreadCount).toBe(0)
  })

  test('each tab’s count follows the threads through every status change (on PostgreSQL a count its triggers keep)', async () => {
    const statuses = ['unread', 'open', 'resolved', 'archived']
    const tabs = async () => {
      const counts: Record<string, number> = {}
      for (const status of statuses) counts[status] = (await ok(app, s.manager, INBOX, { org: s.org.id, status })).staffInbox.count
      return counts
    }
    const real = async () => {
      const counts: Record<string, number> = {}
      for (const status of statuses) counts[status] = await app.context.sudo().prisma.conversation.count({ where: { organizationId: s.org.id, status } })
      return counts
    }
    const before = await real()
    expect(await tabs()).toEqual(before)
    const moved = (await start(s.billing, 'Counted')).id
    await start(s.billing, 'Counted too')
    expect(await tabs()).toEqual({ ...before, unread: before.unread + 2 })
    await ok(app, s.manager, READ, { id: moved }) // unread -> open
    await ok(app, s.manager, RESOLVE, { id: moved, category: 'resolved' }) // open -> resolved
    expect(await tabs()).toEqual({ ...before, unread: before.unread + 1, resolved: before.resolved + 1 })
    await ok(app, resident, REPLY, { id: moved, body: 'Still broken' }) // re-opened by the resident
    await ok(app, s.manager, `mutation($id: ID!) { archiveConversation(conversationId: $id) { status } }`, { id: moved })
    expect(await tabs()).toEqual(await real())
    expect((await tabs()).archived).toBe(before.archived + 1)
  })

  test('staff of another organization, residents and bad arguments get their codes or nothing', async () => {
    const other = await createOrganization(app.context)
    const outsider = await staffWith(app, other.id, ['readConversations', 'manageConversations'])
    expect((await ok(app, outsider, INBOX, { org: s.org.id, status: 'unread' })).staffInbox).toEqual({ count: 0, rows: [] })
    expect((await call(app, resident, INBOX, { org: s.org.id, status: 'unread' })).code).toBe('STAFF_ONLY')
    expect((await call(app, s.manager, INBOX, { org: s.org.id, status: 'pending' })).code).toBe('WRONG_STATUS')
  })

  test('staff start a conversation with a resident found by unit or name', async () => {
    const found = (await ok(app, s.manager, `query($org: ID!, $q: String!) { findResidentsForConversation(organizationId: $org, search: $q) { residentId name unitName } }`, { org: s.org.id, q: '7b' })).findResidentsForConversation
    expect(found).toEqual([{ residentId: resident.residentId, name: resident.name, unitName: '7B' }])
    const started = await ok(app, s.manager, `mutation($r: ID!, $t: ID!) { startConversationWithResident(residentId: $r, topicId: $t, subject: "Meter visit", body: "We come Tuesday") { id status } }`, { r: resident.residentId, t: s.billing })
    expect(started.startConversationWithResident.status).toBe('open')
    expect(await participants(started.startConversationWithResident.id)).toEqual([resident.id, s.manager.id].sort())
    expect((await call(app, s.bookkeeper, `query($org: ID!) { findResidentsForConversation(organizationId: $org, search: "7b") { name } }`, { org: s.org.id })).code).toBe('CONVERSATION_FORBIDDEN')
  })
})

test('each message keeps its author’s name as it was written (like an email’s From): after a rename, new messages show the new name', async () => {
  const { id } = await start(s.billing, 'Names')
  const clerk = await staffWith(app, s.org.id, ['manageConversations'])
  await app.context.sudo().db.User.updateOne({ where: { id: clerk.id }, data: { name: 'Clerk Before' } })
  await ok(app, clerk, REPLY, { id, body: 'First answer' })
  await app.context.sudo().db.User.updateOne({ where: { id: clerk.id }, data: { name: 'Clerk After' } })
  await ok(app, clerk, REPLY, { id, body: 'Second answer' })
  const THREAD = `query($id: ID!) { conversationMessages(where: { conversation: { id: { equals: $id } } }, orderBy: [{ createdAt: asc }]) { body authorName } }`
  const residentName = (await app.context.sudo().db.User.findOne({ where: { id: resident.id } })).name
  const expected = [
    { body: 'Hello', authorName: residentName },
    { body: 'First answer', authorName: 'Clerk Before' },
    { body: 'Second answer', authorName: 'Clerk After' },
  ]
  // the resident reads the names in their thread (names only: the User list stays closed to them)
  expect((await ok(app, resident, THREAD, { id })).conversationMessages).toEqual(expected)
  expect((await ok(app, s.manager, THREAD, { id })).conversationMessages).toEqual(expected)
  expect((await call(app, resident, `query($id: ID!) { user(where: { id: $id }) { name } }`, { id: clerk.id })).data?.user ?? null).toBeNull()
})

test('replies are rate-limited per person (TOO_MANY_REQUESTS with retryAfter), nothing written beyond the limit', async () => {
  const limited = await startTestApp({ env: { CONVERSATION_MESSAGES_PER_MINUTE: '2' } })
  try {
    const t = await setupOrganization(limited)
    const person = await createResident(limited.context, t.org.id, t.property.id)
    const { id } = (await ok(limited, person, START, { topicId: t.billing, subject: 'S', body: 'one' })).startConversation
    await ok(limited, person, REPLY, { id, body: 'two' })
    await ok(limited, person, REPLY, { id, body: 'three' })
    const refused = await call(limited, person, REPLY, { id, body: 'four' })
    expect(refused.code).toBe('TOO_MANY_REQUESTS')
    expect(await limited.context.sudo().db.ConversationMessage.count()).toBe(3)
  } finally {
    await limited.close()
  }
})
