// Search in the staff inbox (and a person's own inbox): by resident name, unit, phone in the local format,
// topic, subject and a word inside a long message, on SQLite (LIKE) and PostgreSQL (ILIKE over trigram
// indexes); what a caller may not read never matches.
import { startTestApp, type TestApp } from '../../harness/app'
import { createOrganization } from '../../harness/factories'
import { ADD, NOTE, REPLY, START, call, createResident, ok, setupOrganization, staffWith, topicId } from './helpers'
import { isPostgresUrl } from '../../setup/database'

let app: TestApp
let s: Awaited<ReturnType<typeof setupOrganization>>
let olga: Awaited<ReturnType<typeof createResident>>
let ivan: Awaited<ReturnType<typeof createResident>>
let radiator: string // Olga's Billing thread: the bookkeeper is routed into it
let gate: string // Ivan's Parking thread: nobody routed
let desk: Awaited<ReturnType<typeof staffWith>> // reads every thread and the contacts

const INBOX = `query($org: ID!, $status: String!, $search: String) { staffInbox(organizationId: $org, status: $status, search: $search) { count rows { id } } }`
const MINE = `query($search: String) { myConversations(search: $search) { conversation { id } } }`

/** A long message with one word in its middle. */
const longMessage = (word: string) => `${'The radiator in the bedroom makes a knocking noise at night. '.repeat(40)}${word} ${'It started after the heating was switched on in October. '.repeat(40)}`

async function found(user: any, search: string, status = 'unread'): Promise<string[]> {
  const page = (await ok(app, user, INBOX, { org: s.org.id, status, search })).staffInbox
  expect(page.count).toBe(page.rows.length)
  return page.rows.map((row: any) => row.id).sort()
}

beforeAll(async () => {
  app = await startTestApp({ env: { CONVERSATION_MESSAGES_PER_MINUTE: '1000' } })
  s = await setupOrganization(app)
  const prisma = app.context.sudo().prisma
  olga = await createResident(app.context, s.org.id, s.property.id, '14B')
  ivan = await createResident(app.context, s.org.id, s.property.id, '3')
  await prisma.user.update({ where: { id: olga.id }, data: { name: 'Olga Petrova', phone: '+14155552671' } })
  await prisma.user.update({ where: { id: ivan.id }, data: { name: 'Ivan Sidorov' } })
  // Ivan's unit has a contact with a phone: a thread about it finds by that phone too
  const contact = await prisma.contact.create({ data: { organizationId: s.org.id, name: 'Ivan Sidorov (owner)', phone: '+14155550199', propertyId: s.property.id, unitName: '3', type: 'resident' } })
  await prisma.resident.update({ where: { id: ivan.residentId }, data: { contactId: contact.id } })
  desk = await staffWith(app, s.org.id, ['readConversations', 'readContacts'])

  radiator = (await ok(app, olga, START, { topicId: s.billing, subject: 'Radiator noise', body: longMessage('quokka') })).startConversation.id
  await ok(app, s.manager, NOTE, { id: radiator, body: 'Internal: landlord owes wombat repairs' })
  await ok(app, olga, REPLY, { id: radiator, body: 'Any news?' })
  gate = (await ok(app, ivan, START, { topicId: await topicId(app.context, s.org.id, 'parking'), subject: 'Gate remote', body: 'My remote stopped working, serial pelican-42' })).startConversation.id
}, 90_000)
afterAll(() => app?.close())

describe('staff who read every thread find a thread by', () => {
  test.each([
    ['the resident’s name, any case, a part of it', 'petrOV', ['radiator']],
    ['the unit', '14b', ['radiator']],
    ['the topic', 'parking', ['gate']],
    ['the subject', 'radiator NOISE', ['radiator']],
    ['a word inside a long message', 'QUOKKA', ['radiator']],
    ['a word of another message', 'pelican-42', ['gate']],
    ['the text of an internal note', 'wombat', ['radiator']],
    ['the contact’s name', '(owner)', ['gate']],
    ['nothing that matches', 'no-such-words', []],
  ])('%s (%s)', async (_how, search, expected) => {
    const ids = { radiator, gate } as Record<string, string>
    expect(await found(desk, search)).toEqual(expected.map(name => ids[name]).sort())
  })

  test.each([
    ['the resident’s phone in the local format', '(415) 555-2671', 'radiator'],
    ['the resident’s phone in E.164', '+1 415 555 2671', 'radiator'],
    ['the contact’s phone in the local format', '415.555.0199', 'gate'],
    ['a part of a phone', '2671', 'radiator'],
  ])('%s (%s), with readContacts', async (_how, search, expected) => {
    expect(await found(desk, search)).toEqual([expected === 'radiator' ? radiator : gate])
    // the manager reads every thread but not the contacts: a search by phone reads phones, so no match
    expect(await found(s.manager, search)).toEqual([])
  })

  test('pages of a search, newest first, each with the count of all matches (past the last page too)', async () => {
    const PAGE = `query($org: ID!, $skip: Int!) { staffInbox(organizationId: $org, status: "unread", search: "ov", take: 1, skip: $skip) { count rows { id } } }`
    const pageAt = async (skip: number) => (await ok(app, desk, PAGE, { org: s.org.id, skip })).staffInbox
    expect(await pageAt(0)).toEqual({ count: 2, rows: [{ id: gate }] }) // Petrova, Sidorov
    expect(await pageAt(1)).toEqual({ count: 2, rows: [{ id: radiator }] })
    expect(await pageAt(2)).toEqual({ count: 2, rows: [] })
  })

  test('pages without a search carry the count of the whole tab too (past the last page as well)', async () => {
    const PAGE = `query($org: ID!, $skip: Int!) { staffInbox(organizationId: $org, status: "unread", take: 1, skip: $skip) { count rows { id } } }`
    const pageAt = async (skip: number) => (await ok(app, desk, PAGE, { org: s.org.id, skip })).staffInbox
    const all = (await ok(app, desk, PAGE.replace('take: 1', 'take: 100'), { org: s.org.id, skip: 0 })).staffInbox
    expect(all.count).toBe(all.rows.length)
    expect(all.count).toBeGreaterThan(1)
    expect(await pageAt(1)).toEqual({ count: all.count, rows: [all.rows[1]] })
    expect(await pageAt(all.count)).toEqual({ count: all.count, rows: [] })
  })

  test('the status tab still applies', async () => {
    expect(await found(desk, 'quokka', 'open')).toEqual([])
  })
})

describe('visibility', () => {
  test('a participant without readConversations finds their own thread, never another resident’s', async () => {
    // the bookkeeper was routed into Olga's Billing thread; Ivan's Parking thread is not theirs
    expect(await found(s.bookkeeper, 'quokka')).toEqual([radiator])
    expect(await found(s.bookkeeper, 'petrova')).toEqual([radiator])
    for (const search of ['pelican-42', 'Gate remote', 'Sidorov', '3', 'parking']) expect(await found(s.bookkeeper, search)).toEqual([])
  })

  test('someone added mid-thread finds only the text written since they joined', async () => {
    const helper = await staffWith(app, s.org.id, [])
    await ok(app, s.manager, ADD, { id: gate, userId: helper.id })
    expect(await found(helper, 'pelican-42')).toEqual([]) // written before they joined
    await ok(app, ivan, REPLY, { id: gate, body: 'Also the flamingo sticker fell off' })
    expect(await found(helper, 'flamingo')).toEqual([gate])
    expect(await found(helper, 'Gate remote')).toEqual([gate]) // the thread itself is theirs now
  })

  test('staff of another organization find nothing; residents may not use the staff inbox', async () => {
    const outsider = await staffWith(app, (await createOrganization(app.context)).id, ['readConversations', 'manageConversations', 'readContacts'])
    for (const search of ['quokka', 'petrova', '(415) 555-2671']) expect(await found(outsider, search)).toEqual([])
    expect((await call(app, olga, INBOX, { org: s.org.id, status: 'unread', search: 'quokka' })).code).toBe('STAFF_ONLY')
  })

  test('a resident searching their own inbox finds their messages, never an internal note’s text or another’s thread', async () => {
    const mine = async (user: any, search: string) => (await ok(app, user, MINE, { search })).myConversations.map((row: any) => row.conversation.id)
    expect(await mine(olga, 'quokka')).toEqual([radiator])
    expect(await mine(olga, 'Radiator')).toEqual([radiator])
    expect(await mine(olga, 'wombat')).toEqual([]) // the internal note
    expect(await mine(olga, 'pelican-42')).toEqual([]) // Ivan's thread
    expect(await mine(ivan, 'quokka')).toEqual([])
  })

  test('staff searching their own inbox find the threads they take part in, by the text they may read', async () => {
    const mine = async (user: any, search: string) => (await ok(app, user, MINE, { search })).myConversations.map((row: any) => row.conversation.id)
    expect(await mine(s.bookkeeper, 'quokka')).toEqual([radiator])
    expect(await mine(s.bookkeeper, 'wombat')).toEqual([radiator]) // a staff participant is in the note's audience
    expect(await mine(s.bookkeeper, 'pelican-42')).toEqual([]) // not their thread
    expect(await mine(desk, 'quokka')).toEqual([]) // reads every thread, takes part in none: their own inbox is empty
  })
})

const postgresOnly = isPostgresUrl(process.env.DATABASE_URL) ? test : test.skip
postgresOnly('PostgreSQL: % and _ are taken literally on every search path (SQLite: a known limit, contains.ts)', async () => {
  const percent = (await ok(app, olga, START, { topicId: s.billing, subject: 'A 50% discount', body: 'Is it real?' })).startConversation.id
  const fifty = (await ok(app, olga, START, { topicId: s.billing, subject: 'Fifty: 5000 roubles', body: 'Why 50 more?' })).startConversation.id
  const mine = async (search: string) => (await ok(app, olga, MINE, { search })).myConversations.map((row: any) => row.conversation.id)
  expect(await mine('50%')).toEqual([percent]) // the resident's own inbox (Keystone's filters)
  expect(await mine('5_00')).toEqual([])
  expect(await found(s.bookkeeper, '50%')).toEqual([percent]) // a participant's staff inbox (the list's access)
  expect(await found(desk, '50%')).toEqual([percent]) // staff reading every thread (inbox-postgres.ts)
  expect(await found(desk, '5_00')).toEqual([])
  expect(await found(desk, '50')).toEqual([fifty, percent].sort())
  const FIND = `query($org: ID!, $search: String!) { findResidentsForConversation(organizationId: $org, search: $search) { userId } }`
  expect((await ok(app, s.manager, FIND, { org: s.org.id, search: '%a%' })).findResidentsForConversation).toEqual([])
})

postgresOnly('PostgreSQL: the test schema got the trigram indexes from the migrations', async () => {
  const rows: { indexname: string; indexdef: string }[] = await app.context.sudo().prisma.$queryRawUnsafe(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE '%\\_trgm\\_idx' ORDER BY indexname`
  )
  // the ones the inbox search relies on (other features add their own, e.g. the contacts list's)
  expect(rows.map(row => row.indexname)).toEqual(
    expect.arrayContaining(['Contact_name_trgm_idx', 'ConversationMessage_body_trgm_idx', 'Conversation_subject_trgm_idx', 'Conversation_unitName_trgm_idx', 'User_name_trgm_idx'])
  )
  for (const row of rows) expect(row.indexdef).toMatch(/USING gin \("?\w+"? (public\.)?gin_trgm_ops\)/)
})
