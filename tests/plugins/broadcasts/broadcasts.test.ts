// Broadcasts end to end: the audience (each filter, archived contacts out, other organizations out), the
// count shown before sending equals the count sent, scheduling and cancelling, a killed fan-out re-run
// without a duplicate, emergencies past quiet hours and preferences but not a blacklist, the lock once
// sent, the progress counters, and the residents' announcements feed.
import { configRegistry } from '../../../plugins/kernel'
import { fanOutBroadcast } from '../../../tasks/broadcast-fan-out'
import { audiencePage, audienceWhere, type Audience } from '../../../schema/broadcasts'
import { startTestApp, type TestApp } from '../../harness/app'
import { as } from '../../harness/factories'
import { drain, settled, testClock, testNotificationsPlugin } from '../notifications/fixtures'
import { broadcastWorld, type BroadcastWorld } from './world'

const { plugin, pipeline } = testNotificationsPlugin()
const { clock, plugin: clockPlugin } = testClock(new Date())
let app: TestApp
let prisma: any
let w: BroadcastWorld
beforeAll(async () => {
  app = await startTestApp({ plugins: [plugin, clockPlugin] })
  prisma = app.context.prisma
  w = await broadcastWorld(app.context)
})
afterAll(() => app.close())
beforeEach(() => {
  pipeline.reset()
  clock.set(new Date())
})

const connectMany = (ids: string[]) => ({ connect: ids.map(id => ({ id })) })
const staff = () => as(app.context, w.staff.with)

async function compose(data: Record<string, unknown> = {}) {
  return staff().db.Broadcast.createOne({ data: { organization: { connect: { id: w.org.id } }, title: 'Water off Saturday 9-12', body: 'The **main valve** is replaced.\n- North\n- South', ...data } })
}
async function gql(ctx: any, query: string, variables: Record<string, unknown> = {}) {
  const result = await ctx.graphql.raw({ query, variables })
  return { data: result.data as any, code: result.errors?.[0]?.extensions?.code as string | undefined }
}
const count = async (id: string) => (await gql(staff(), 'query($id: ID!) { broadcastRecipientCount(id: $id) }', { id })).data?.broadcastRecipientCount
const send = (id: string, scheduledAt?: Date, ctx = staff()) =>
  gql(ctx, 'mutation($id: ID!, $at: DateTime) { sendBroadcast(id: $id, scheduledAt: $at) { id status } }', { id, at: scheduledAt?.toISOString() ?? null })
const recipientsOf = async (id: string) =>
  ((await prisma.message.findMany({ where: { uniqKey: `broadcast-${id}` }, select: { userId: true } })) as { userId: string }[]).map(m => m.userId).sort()
const ids = (...users: { id: string }[]) => users.map(u => u.id).sort()

describe('the audience, resolved to users', () => {
  test.each([
    ['the whole organization (archived contacts and other organizations left out)', () => ({}), () => ids(w.residents.u1, w.residents.u2, w.residents.u3, w.residents.u4)],
    ['one property', () => ({ properties: connectMany([w.properties.north.id]) }), () => ids(w.residents.u1, w.residents.u3)],
    ['a unit type', () => ({ unitTypes: ['flat'] }), () => ids(w.residents.u1, w.residents.u2)],
    ['a contact role', () => ({ contactRoles: connectMany([w.role.id]) }), () => ids(w.residents.u3, w.residents.u4)],
    ['a property and a role together', () => ({ properties: connectMany([w.properties.south.id]), contactRoles: connectMany([w.role.id]) }), () => ids(w.residents.u4)],
    ['hand-picked registrations (one whose contact is archived does not count)', () => ({ audience: 'handPicked', residents: connectMany([w.registrations.u1.id, w.registrations.u5.id]) }), () => ids(w.residents.u1)],
  ])('%s: the count shown is the count sent', async (_name, data, expected) => {
    const broadcast = await compose(data())
    const shown = await count(String(broadcast.id))
    expect(shown).toBe(expected().length)
    // on BullMQ with workers in this process the fan-out may already be running when the answer comes
    expect(['scheduled', 'sending', 'sent']).toContain((await send(String(broadcast.id))).data.sendBroadcast.status)
    await drain(app)
    expect(await recipientsOf(String(broadcast.id))).toEqual(expected())
    const stored = await prisma.broadcast.findUnique({ where: { id: broadcast.id } })
    expect([stored.status, stored.recipientsResolved, stored.recipientsQueued, stored.sentById]).toEqual(['sent', shown, shown, w.staff.with.id])
  })

  test('the fan-out’s pages, of any size, walk exactly the users the count counts, each once', async () => {
    // a world of its own: u1 and u2 also registered at a second unit (a page of registrations can end on
    // a repeated user, with later users of that source not read yet), u3 reached through both sources
    const world = await broadcastWorld(app.context)
    for (const user of [world.residents.u1, world.residents.u2]) {
      await app.context.sudo().db.Resident.createOne({
        data: { user: { connect: { id: user.id } }, organization: { connect: { id: world.org.id } }, property: { connect: { id: world.properties.north.id } }, unitName: `2nd-${user.id}`, unitType: 'flat' },
      })
    }
    const audiences: Audience[] = [
      { organizationId: world.org.id, audience: 'organization', propertyIds: [], unitTypes: [], roleIds: [], residentIds: [] },
      { organizationId: world.org.id, audience: 'organization', propertyIds: [world.properties.north.id], unitTypes: [], roleIds: [], residentIds: [] },
      { organizationId: world.org.id, audience: 'organization', propertyIds: [], unitTypes: [], roleIds: [world.role.id], residentIds: [] },
      { organizationId: world.org.id, audience: 'handPicked', propertyIds: [], unitTypes: [], roleIds: [], residentIds: [world.registrations.u1.id, world.registrations.u2.id, world.registrations.u5.id] },
    ]
    for (const audience of audiences) {
      const counted = ((await prisma.user.findMany({ where: audienceWhere(audience), select: { id: true }, orderBy: { id: 'asc' } })) as { id: string }[]).map(u => u.id)
      expect(counted.length).toBeGreaterThan(0)
      for (const size of [1, 2, 3, 1000]) {
        const walked: string[] = []
        for (let page = await audiencePage(prisma, audience, null, size); page.length; page = await audiencePage(prisma, audience, page[page.length - 1], size)) {
          expect(page.length).toBeLessThanOrEqual(size)
          walked.push(...page)
        }
        expect({ audience: audience.propertyIds.length ? 'property' : audience.roleIds.length ? 'role' : audience.audience, size, walked }).toEqual({
          audience: audience.propertyIds.length ? 'property' : audience.roleIds.length ? 'role' : audience.audience,
          size,
          walked: counted,
        })
      }
    }
  })

  test('the preview counts an audience before it is saved', async () => {
    const { data } = await gql(staff(), 'query($d: BroadcastAudienceInput!) { broadcastAudienceCount(data: $d) }', {
      d: { organizationId: w.org.id, propertyIds: [w.properties.north.id], unitTypes: ['parking'] },
    })
    expect(data.broadcastAudienceCount).toBe(1)
    const refused = await gql(as(app.context, w.staff.other), 'query($d: BroadcastAudienceInput!) { broadcastAudienceCount(data: $d) }', { d: { organizationId: w.org.id } })
    expect(refused.code).toBe('FORBIDDEN')
  })
})

describe('sending', () => {
  test('each channel gets its own rendering; progress shows reach; a sent broadcast is locked', async () => {
    const broadcast = await compose({ audience: 'handPicked', residents: connectMany([w.registrations.u1.id, w.registrations.u2.id]) })
    await send(String(broadcast.id))
    await drain(app)
    const emails = pipeline.log.filter(s => s.transport === 'email-smtp')
    expect(emails).toHaveLength(2)
    expect(emails[0].content.subject).toBe('Water off Saturday 9-12')
    expect(emails[0].content.html).toContain('<strong>main valve</strong>')
    expect(emails[0].content.html).toContain('<ul><li>North</li><li>South</li></ul>')
    // SMS is not a channel of a regular broadcast
    expect(pipeline.log.some(s => s.transport.startsWith('sms'))).toBe(false)

    const [first] = await prisma.message.findMany({ where: { uniqKey: `broadcast-${broadcast.id}`, userId: w.residents.u1.id } })
    await gql(as(app.context, w.residents.u1), 'mutation($id: ID!) { markMessageRead(id: $id) { id } }', { id: first.id })
    const { data } = await gql(staff(), 'query($id: ID!) { broadcast(where: { id: $id }) { status sentBy { id } progress { resolved queued pending sent read failed readRate } } }', { id: broadcast.id })
    expect(data.broadcast).toEqual({ status: 'sent', sentBy: { id: w.staff.with.id }, progress: { resolved: 2, queued: 2, pending: 0, sent: 1, read: 1, failed: 0, readRate: 0.5 } })

    const edit = await gql(staff(), 'mutation($id: ID!) { updateBroadcast(where: { id: $id }, data: { title: "Changed" }) { id } }', { id: broadcast.id })
    expect(edit.code).toBe('BROADCAST_LOCKED')
    expect((await send(String(broadcast.id))).code).toBe('BROADCAST_LOCKED')
    expect((await prisma.broadcast.findUnique({ where: { id: broadcast.id } })).title).toBe('Water off Saturday 9-12')
  })

  test('scheduled for later: nothing goes before the time, everything after; a cancelled one never goes', async () => {
    const later = await compose({ audience: 'handPicked', residents: connectMany([w.registrations.u1.id]) })
    const cancelled = await compose({ audience: 'handPicked', residents: connectMany([w.registrations.u2.id]) })
    const at = new Date(clock.now().getTime() + 400)
    expect((await send(String(later.id), at)).data.sendBroadcast.status).toBe('scheduled') // 400 ms ahead: nothing runs yet
    await send(String(cancelled.id), at)
    const { data } = await gql(staff(), 'mutation($id: ID!) { cancelBroadcast(id: $id) { status } }', { id: cancelled.id })
    expect(data.cancelBroadcast.status).toBe('cancelled')
    expect(await recipientsOf(String(later.id))).toEqual([])
    clock.set(new Date(at.getTime() + 1))
    await drain(app) // the delayed fan-out jobs fire at `at`
    expect(await recipientsOf(String(later.id))).toEqual(ids(w.residents.u1))
    expect(await recipientsOf(String(cancelled.id))).toEqual([])
    expect((await prisma.broadcast.findUnique({ where: { id: cancelled.id } })).status).toBe('cancelled')
  })

  test('a fan-out killed after its first page and re-run (checkpoint lost too) sends each recipient once', async () => {
    const broadcast = await compose()
    // scheduled and due, as sendBroadcast leaves it, without a queued job: the test runs the task itself
    await prisma.broadcast.update({ where: { id: broadcast.id }, data: { status: 'scheduled', scheduledAt: new Date(Date.now() - 1000), sentById: w.staff.with.id } })
    const scope = { context: app.context, registry: configRegistry(app.config) }
    await expect(fanOutBroadcast(String(broadcast.id), scope, { pageSize: 3, stopAfterPages: 1 })).rejects.toThrow(/stopped/)
    expect(await recipientsOf(String(broadcast.id))).toHaveLength(3)
    // the worker died between its insert and its checkpoint write: the re-run starts from the beginning
    await prisma.broadcast.update({ where: { id: broadcast.id }, data: { checkpoint: null } })
    const rerun = await fanOutBroadcast(String(broadcast.id), scope, { pageSize: 3 })
    expect(rerun).toMatchObject({ status: 'sent', created: 1 })
    expect(await fanOutBroadcast(String(broadcast.id), scope)).toMatchObject({ status: 'skipped' })
    await drain(app)
    const all = ids(w.residents.u1, w.residents.u2, w.residents.u3, w.residents.u4)
    expect(await recipientsOf(String(broadcast.id))).toEqual(all)
    expect((await prisma.broadcast.findUnique({ where: { id: broadcast.id } })).recipientsQueued).toBe(4)
    // one delivery per recipient
    expect(pipeline.log.map(s => s.address).sort()).toEqual(all.map(id => `email-of-${id}`).sort())
  })
})

describe('the announcements feed', () => {
  test('a resident reads the broadcasts that reached them, newest first, and marks one read', async () => {
    const { u1: u4, u2 } = w.residents
    const first = await compose({ audience: 'handPicked', residents: connectMany([w.registrations.u1.id]), title: 'First' })
    await send(String(first.id))
    await drain(app)
    const second = await compose({ audience: 'handPicked', residents: connectMany([w.registrations.u1.id]), title: 'Second', body: 'Use the **south** door' })
    await send(String(second.id))
    await drain(app)
    const resident = as(app.context, u4)
    const feed = async () => (await gql(resident, '{ myAnnouncements(take: 2) { id broadcastId title body bodyHtml kind isRead } myUnreadAnnouncementsCount }')).data
    const before = await feed()
    expect(before.myAnnouncements.map((a: any) => [a.title, a.broadcastId, a.isRead])).toEqual([['Second', second.id, false], ['First', first.id, false]])
    expect(before.myAnnouncements[0]).toMatchObject({ body: 'Use the south door', bodyHtml: '<p>Use the <strong>south</strong> door</p>', kind: 'regular' })
    await gql(resident, 'mutation($id: ID!) { markMessageRead(id: $id) { id } }', { id: before.myAnnouncements[1].id })
    const after = await feed()
    expect(after.myAnnouncements.map((a: any) => a.isRead)).toEqual([false, true])
    expect(after.myUnreadAnnouncementsCount).toBe(before.myUnreadAnnouncementsCount - 1)
    // nobody else's
    const other = (await gql(as(app.context, u2), '{ myAnnouncements(take: 100) { broadcastId } }')).data.myAnnouncements.map((a: any) => a.broadcastId)
    expect(other).not.toContain(first.id)
    expect((await gql(as(app.context, undefined), '{ myAnnouncements { id } }')).code).toBe('AUTHENTICATION_REQUIRED')
    expect((await gql(resident, '{ myAnnouncements(take: 500) { id } }')).code).toBe('WRONG_PAGE')
  })
})

// last: it leaves a message waiting for the end of quiet hours (its delayed job would hold `drain`)
describe('emergencies', () => {
  test('go at once in quiet hours and on channels the resident turned off, but not past a blacklist', async () => {
    const { u1, u2, u3 } = w.residents
    for (const user of [u1, u2]) {
      await prisma.notificationQuietHoursSetting.upsert({
        where: { userKey: user.id },
        create: { userId: user.id, userKey: user.id, timeZone: 'UTC', start: '00:00', end: '23:59' },
        update: { start: '00:00', end: '23:59', isEnabled: true },
      })
      await prisma.notificationUserSetting.create({ data: { userId: user.id, messageType: '', channel: '', isEnabled: false, settingKey: `${user.id}|*|*` } })
    }
    await prisma.messageUserBlackList.create({ data: { userId: u3.id, organizationId: w.org.id, messageType: '', reason: 'legal hold' } })
    clock.set('2026-06-01T12:00:00Z')
    const audience = { audience: 'handPicked', residents: connectMany([w.registrations.u1.id, w.registrations.u2.id, w.registrations.u3.id]) }
    const emergency = await compose({ ...audience, kind: 'emergency', title: 'Gas leak', body: 'Leave the building now.' })
    await send(String(emergency.id))
    await drain(app)
    const byUser = async (id: string) =>
      Object.fromEntries(((await prisma.message.findMany({ where: { uniqKey: `broadcast-${id}` } })) as any[]).map(m => [m.userId, m.status]))
    expect(await byUser(String(emergency.id))).toEqual({ [u1.id]: 'sent', [u2.id]: 'sent', [u3.id]: 'blacklisted' })
    // the blacklist stopped the sends, not the app's feed: the resident still reads it there
    const feedOf3 = (await gql(as(app.context, u3), '{ myAnnouncements(take: 100) { broadcastId kind } }')).data.myAnnouncements
    expect(feedOf3).toContainEqual({ broadcastId: emergency.id, kind: 'emergency' })
    // every channel of the type, SMS included, for each reachable resident
    expect(pipeline.log.filter(s => s.transport === 'email-smtp')).toHaveLength(2)
    expect(pipeline.log.filter(s => s.transport === 'sms-primary').map(s => s.content.text)).toEqual(['Gas leak: Leave the building now.', 'Gas leak: Leave the building now.'])

    // a regular broadcast to the same residents waits for the end of their quiet hours (or their settings stop it)
    const regular = await compose(audience)
    await send(String(regular.id))
    const messages = await (async () => {
      for (;;) {
        const rows: any[] = await prisma.message.findMany({ where: { uniqKey: `broadcast-${regular.id}` } })
        if (rows.length === 3 && rows.every(m => m.status !== 'sending' && !m.leaseUntil)) return rows
        await new Promise(resolve => setTimeout(resolve, 25))
      }
    })()
    expect(Object.fromEntries(messages.map(m => [m.userId, m.status]))).toEqual({ [u1.id]: 'disabledByUser', [u2.id]: 'disabledByUser', [u3.id]: 'blacklisted' })
    await prisma.notificationUserSetting.deleteMany({ where: { userId: { in: [u1.id, u2.id] } } })
    const quiet = await compose({ audience: 'handPicked', residents: connectMany([w.registrations.u1.id]) })
    await send(String(quiet.id))
    let held: any
    for (;;) {
      held = await prisma.message.findFirst({ where: { uniqKey: `broadcast-${quiet.id}` } })
      if (held && held.trace?.length) break
      await new Promise(resolve => setTimeout(resolve, 25))
    }
    await settled(app, held.id)
    expect((await prisma.message.findUnique({ where: { id: held.id } })).trace.map((e: any) => e.outcome)).toEqual(['quietHours'])
    await prisma.message.update({ where: { id: held.id }, data: { status: 'canceled' } })
    await prisma.notificationQuietHoursSetting.deleteMany({ where: { userId: { in: [u1.id, u2.id] } } })
    await prisma.messageUserBlackList.deleteMany({ where: { userId: u3.id } })
  })
})
