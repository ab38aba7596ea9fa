// The rate limits on what staff send: one staff member's messages per hour (sendMessage), an
// organization's broadcasts per hour (sendBroadcast of a draft, broadcastMessage). Past a limit the call
// is TOO_MANY_REQUESTS with retryAfter and writes nothing; other staff members and other organizations
// keep their own counts; a call that sent nothing (a locked broadcast, a re-timing, a refused message)
// spends nothing.
import { startTestApp, type TestApp } from '../../harness/app'
import { as, createOrganization, createStaff, createUser } from '../../harness/factories'
import { drain, testNotificationsPlugin } from './fixtures'

const { plugin } = testNotificationsPlugin()
let app: TestApp
let prisma: any
beforeAll(async () => {
  app = await startTestApp({ plugins: [plugin], env: { STAFF_MESSAGES_PER_HOUR: '2', BROADCASTS_PER_HOUR: '2' } })
  prisma = app.context.prisma
})
afterAll(() => app.close())

async function gql(ctx: any, query: string, variables: Record<string, unknown> = {}) {
  const result = await ctx.graphql.raw({ query, variables })
  const error = result.errors?.[0]
  return { data: result.data as any, code: error?.extensions?.code as string | undefined, retryAfter: error?.extensions?.retryAfter as number | undefined }
}

const SEND = `mutation($data: SendMessageInput!) { sendMessage(data: $data) { id created } }`
const BROADCAST_MESSAGE = `mutation($data: BroadcastMessageInput!) { broadcastMessage(data: $data) { created } }`
const SEND_BROADCAST = `mutation($id: ID!, $at: DateTime) { sendBroadcast(id: $id, scheduledAt: $at) { id status } }`
const CANCEL_BROADCAST = `mutation($id: ID!) { cancelBroadcast(id: $id) { status } }`

test("a staff member's third message within the hour is refused and written nowhere; a colleague still sends", async () => {
  const org = await createOrganization(app.context)
  const [manager, colleague] = [await createStaff(app.context, org.id, ['manageMessages']), await createStaff(app.context, org.id, ['manageMessages'])]
  const resident = await createUser(app.context, { type: 'resident', phone: '+14155550190' })
  await prisma.resident.create({ data: { userId: resident.id, organizationId: org.id, unitName: '1', unitKey: '1', unitType: 'flat' } })
  const send = (staff: typeof manager, n: number) =>
    gql(as(app.context, staff), SEND, { data: { type: 'TEST_NOTICE', organizationId: org.id, userId: resident.id, meta: { title: 'Water', body: `Notice ${n}` } } })

  expect((await send(manager, 1)).code).toBeUndefined()
  expect((await send(manager, 2)).code).toBeUndefined()
  const before = await prisma.message.count({ where: { organizationId: org.id } })
  const refused = await send(manager, 3)
  expect(refused.code).toBe('TOO_MANY_REQUESTS')
  expect(refused.retryAfter).toBeGreaterThan(0)
  expect(await prisma.message.count({ where: { organizationId: org.id } })).toBe(before)
  expect((await send(colleague, 4)).code).toBeUndefined()
  await drain(app)
})

test("an organization's broadcasts: two an hour, whichever way they are sent; another organization keeps its own", async () => {
  const [org, other] = [await createOrganization(app.context), await createOrganization(app.context)]
  const staff = await createStaff(app.context, org.id, ['broadcast'])
  const outsider = await createStaff(app.context, other.id, ['broadcast'])
  const resident = await createUser(app.context, { type: 'resident' })
  await prisma.resident.create({ data: { userId: resident.id, organizationId: org.id, unitName: '1', unitKey: '1', unitType: 'flat' } })
  const draft = (organizationId: string, title: string) => prisma.broadcast.create({ data: { organizationId, title, body: 'The main valve is replaced.', unitTypes: [] } })

  // a draft scheduled for tomorrow counts; re-timing it does not
  const first = await draft(org.id, 'Water off Saturday')
  const tomorrow = new Date(Date.now() + 24 * 3600_000)
  expect((await gql(as(app.context, staff), SEND_BROADCAST, { id: first.id, at: tomorrow.toISOString() })).data?.sendBroadcast.status).toBe('scheduled')
  expect((await gql(as(app.context, staff), SEND_BROADCAST, { id: first.id, at: new Date(tomorrow.getTime() + 3600_000).toISOString() })).code).toBeUndefined()
  // a cancelled one is locked: refused as such, and spends nothing
  const cancelled = await draft(org.id, 'Never mind')
  await gql(as(app.context, staff), CANCEL_BROADCAST, { id: cancelled.id })
  expect((await gql(as(app.context, staff), SEND_BROADCAST, { id: cancelled.id })).code).toBe('BROADCAST_LOCKED')
  // refused for its meta: sent nothing, spends nothing
  const badMeta = await gql(as(app.context, staff), BROADCAST_MESSAGE, { data: { organizationId: org.id, type: 'TEST_NOTICE', meta: { title: 'Lift' }, recipients: [{ userId: resident.id }] } })
  expect(badMeta.code).toBe('INVALID_MESSAGE_META')
  // the second: a broadcast message to a list of residents
  const message = await gql(as(app.context, staff), BROADCAST_MESSAGE, { data: { organizationId: org.id, type: 'TEST_NOTICE', meta: { title: 'Lift', body: 'Serviced' }, recipients: [{ userId: resident.id }] } })
  expect(message.code).toBeUndefined()

  const third = await draft(org.id, 'Gas check')
  const refused = await gql(as(app.context, staff), SEND_BROADCAST, { id: third.id })
  expect(refused.code).toBe('TOO_MANY_REQUESTS')
  expect(refused.retryAfter).toBeGreaterThan(0)
  expect((await prisma.broadcast.findUnique({ where: { id: third.id } })).status).toBe('draft')
  expect((await gql(as(app.context, staff), BROADCAST_MESSAGE, { data: { organizationId: org.id, type: 'TEST_NOTICE', meta: { title: 'Gas', body: 'Check' }, recipients: [{ userId: resident.id }] } })).code).toBe('TOO_MANY_REQUESTS')

  const theirs = await draft(other.id, 'Their notice')
  expect((await gql(as(app.context, outsider), SEND_BROADCAST, { id: theirs.id, at: tomorrow.toISOString() })).data?.sendBroadcast.status).toBe('scheduled')
})
