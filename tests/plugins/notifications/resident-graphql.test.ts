// What a resident's app does over HTTP: list my messages, mark one read, read and change my settings,
// and the unsubscribe link (mutation and the link's own page) for valid, expired and tampered tokens.
import { sendMessage } from '../../../plugins/notifications'
import { configRegistry } from '../../../plugins/kernel'
import { notificationOptions } from '../../../tasks/delivery/registry'
import { signUnsubscribeToken } from '../../../tasks/delivery/unsubscribe-link'
import { startTestApp, type TestApp } from '../../harness/app'
import { createUser } from '../../harness/factories'
import { gql, signIn } from '../../harness/http'
import { drain, testNotificationsPlugin } from './fixtures'

const { plugin, pipeline } = testNotificationsPlugin()
let app: TestApp
let prisma: any
beforeAll(async () => {
  app = await startTestApp({ plugins: [plugin], http: true })
  prisma = app.context.prisma
})
afterAll(() => app.close())

async function resident() {
  const user = await createUser(app.context, { type: 'resident', password: 'resident-pass-1' })
  const { result } = await signIn(app.url, user.email!, 'resident-pass-1')
  return { user, headers: { authorization: `Bearer ${result.sessionToken}` } }
}

const MY = `query($take: Int!, $skip: Int!) { myMessages(take: $take, skip: $skip) { id type status readAt meta } myMessagesCount(unreadOnly: true) }`

test('myMessages pages through my own messages, newest first; markMessageRead marks one read, once', async () => {
  const me = await resident()
  const someoneElse = await resident()
  const ids: string[] = []
  for (let i = 1; i <= 3; i++) {
    ids.push((await sendMessage(app.context, { type: 'TEST_NOTICE', to: { userId: me.user.id }, meta: { title: `n${i}`, body: 'b' } })).id)
    await new Promise(resolve => setTimeout(resolve, 5)) // distinct createdAt
  }
  await sendMessage(app.context, { type: 'TEST_NOTICE', to: { userId: someoneElse.user.id }, meta: { title: 'other', body: 'b' } })
  await drain(app)

  const first = await gql(app.url, MY, { take: 2, skip: 0 }, me.headers)
  expect(first.body.errors).toBeUndefined()
  expect(first.body.data.myMessages.map((m: any) => m.meta.title)).toEqual(['n3', 'n2'])
  expect(first.body.data.myMessagesCount).toBe(3)
  const second = await gql(app.url, MY, { take: 2, skip: 2 }, me.headers)
  expect(second.body.data.myMessages.map((m: any) => m.id)).toEqual([ids[0]])

  const READ = `mutation($id: ID!) { markMessageRead(id: $id) { id status readAt } }`
  const read = await gql(app.url, READ, { id: ids[0] }, me.headers)
  expect(read.body.data.markMessageRead).toMatchObject({ id: ids[0], status: 'read', readAt: expect.any(String) })
  const again = await gql(app.url, READ, { id: ids[0] }, me.headers)
  expect(again.body.data.markMessageRead.readAt).toBe(read.body.data.markMessageRead.readAt)
  expect((await gql(app.url, MY, { take: 10, skip: 0 }, me.headers)).body.data.myMessagesCount).toBe(2)

  // someone else's message, and no session
  expect((await gql(app.url, READ, { id: ids[1] }, someoneElse.headers)).body.errors?.[0].extensions?.code).toBe('MESSAGE_NOT_FOUND')
  expect((await gql(app.url, READ, { id: ids[1] })).body.errors?.[0].extensions?.code).toBe('AUTHENTICATION_REQUIRED')
  expect((await gql(app.url, MY, { take: 2, skip: 0 })).body.errors?.[0].extensions?.code).toBe('AUTHENTICATION_REQUIRED')
  expect((await gql(app.url, MY, { take: 1000, skip: 0 }, me.headers)).body.errors?.[0].extensions?.code).toBe('WRONG_PAGE')
})

test('a resident reads and changes their own settings; the pipeline then follows them', async () => {
  const me = await resident()
  const SET = `mutation($type: String!, $channel: String!, $on: Boolean!, $order: String) {
    setNotificationSetting(messageType: $type, channel: $channel, isEnabled: $on, channelOrder: $order) { id messageType channel isEnabled channelOrder user { id } }
  }`
  const off = await gql(app.url, SET, { type: 'TEST_NOTICE', channel: 'sms', on: false }, me.headers)
  expect(off.body.data.setNotificationSetting).toMatchObject({ messageType: 'TEST_NOTICE', channel: 'sms', isEnabled: false, user: { id: me.user.id } })
  // the same key again updates the row instead of failing on the unique key
  const on = await gql(app.url, SET, { type: 'TEST_NOTICE', channel: 'sms', on: true }, me.headers)
  expect(on.body.data.setNotificationSetting.id).toBe(off.body.data.setNotificationSetting.id)
  await gql(app.url, SET, { type: 'TEST_NOTICE', channel: 'sms', on: false }, me.headers)
  const order = await gql(app.url, SET, { type: '', channel: '', on: true, order: 'email,sms' }, me.headers)
  expect(order.body.errors).toBeUndefined()

  const list = await gql(app.url, `{ notificationUserSettings { messageType channel isEnabled channelOrder } }`, {}, me.headers)
  expect(list.body.data.notificationUserSettings).toHaveLength(2)

  for (const [vars, code] of [
    [{ type: 'NOPE', channel: '', on: false }, 'UNKNOWN_MESSAGE_TYPE'],
    [{ type: '', channel: 'pigeon', on: false }, 'UNKNOWN_CHANNEL'],
    [{ type: 'TEST_ALL', channel: '', on: true, order: 'email;sms' }, 'WRONG_CHANNEL_ORDER'],
  ] as const) {
    expect((await gql(app.url, SET, vars, me.headers)).body.errors?.[0].extensions?.code).toBe(code)
  }

  pipeline.reset()
  await sendMessage(app.context, { type: 'TEST_NOTICE', to: { userId: me.user.id }, meta: { title: 't', body: 'b' } })
  await drain(app)
  expect(pipeline.log.map(s => s.transport)).toEqual(['email-smtp'])
})

describe('the unsubscribe link', () => {
  const APPLY = `mutation($token: String!) { applyUnsubscribeLink(token: $token) { messageType channel } }`
  const options = () => notificationOptions(configRegistry(app.config))
  const token = (recipientKey: string, expiresInS = 3600) =>
    signUnsubscribeToken(options().unsubscribe.secret, { recipientKey, messageType: 'TEST_NOTICE', channel: 'sms', expiresAt: Math.floor(Date.now() / 1000) + expiresInS })

  test('the link in an SMS to a phone turns that type off for the phone, through the link page (POST)', async () => {
    pipeline.reset()
    await sendMessage(app.context, { type: 'TEST_NOTICE', to: { phone: '+14155556001' }, meta: { title: 't', body: 'b' } })
    await drain(app)
    const link = new URL(pipeline.sms.sent[0].content.unsubscribeUrl)
    const local = `${app.url}${link.pathname}${link.search}`

    const page = await fetch(local) // GET only shows a form: mail scanners open links
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<form method="post"')
    expect(await prisma.notificationAnonymousSetting.count()).toBe(0)

    const done = await fetch(local, { method: 'POST' })
    expect(done.status).toBe(200)
    expect(await prisma.notificationAnonymousSetting.findMany()).toEqual([
      expect.objectContaining({ phone: '+14155556001', messageType: 'TEST_NOTICE', isEnabled: false }),
    ])
    const next = await sendMessage(app.context, { type: 'TEST_NOTICE', to: { phone: '+14155556001' }, meta: { title: 't', body: 'b' } })
    await drain(app)
    expect((await prisma.message.findUnique({ where: { id: next.id } })).status).toBe('disabledByUser')
  })

  test('the mutation applies a valid token for a user (a setting row) without a session', async () => {
    const user = await createUser(app.context, { type: 'resident' })
    const res = await gql(app.url, APPLY, { token: token(`user-${user.id}`) })
    expect(res.body.data.applyUnsubscribeLink).toEqual({ messageType: 'TEST_NOTICE', channel: 'sms' })
    expect(await prisma.notificationUserSetting.findMany({ where: { userId: user.id } })).toEqual([
      expect.objectContaining({ messageType: 'TEST_NOTICE', channel: 'sms', isEnabled: false }),
    ])
    // applying it twice is harmless
    expect((await gql(app.url, APPLY, { token: token(`user-${user.id}`) })).body.errors).toBeUndefined()
  })

  test('an expired or tampered token is refused and writes nothing', async () => {
    const before = await prisma.notificationAnonymousSetting.count()
    const expired = await gql(app.url, APPLY, { token: token('email-late@test.example', -10) })
    expect(expired.body.errors?.[0].extensions?.code).toBe('UNSUBSCRIBE_LINK_EXPIRED')
    const valid = token('email-victim@test.example')
    const forgedPayload = Buffer.from(JSON.stringify({ r: 'email-other@test.example', t: '', c: '', e: 9999999999 })).toString('base64url')
    const tampered = await gql(app.url, APPLY, { token: `${forgedPayload}.${valid.split('.')[1]}` })
    expect(tampered.body.errors?.[0].extensions?.code).toBe('UNSUBSCRIBE_LINK_INVALID')
    const viaPage = await fetch(`${app.url}/api/notifications/unsubscribe?token=${forgedPayload}.${valid.split('.')[1]}`, { method: 'POST' })
    expect(viaPage.status).toBe(400)
    const expiredPage = await fetch(`${app.url}/api/notifications/unsubscribe?token=${token('email-late@test.example', -10)}`, { method: 'POST' })
    expect(expiredPage.status).toBe(410)
    expect(await prisma.notificationAnonymousSetting.count()).toBe(before)
  })
})
