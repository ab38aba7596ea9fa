// The SMS channel end to end: sendMessage → delivery task → the real twilio SDK / Vonage HTTP API → the
// local fakes; fallback from a failing Twilio to Vonage; the segment limit; Twilio's status webhook.
import crypto from 'node:crypto'
import { sendMessage } from '../../../plugins/notifications'
import { TWILIO_STATUS_PATH } from '../../../plugins/sms'
import { countSegments } from '../../../adapters/sms/segments'
import { anonymousSettingKey } from '../../../schema/notifications/settings'
import { startTestApp, type TestApp } from '../../harness/app'
import { createUser } from '../../harness/factories'
import { startTwilioFake } from '../../fakes/twilio'
import { startVonageFake } from '../../fakes/vonage'
import { drain, messageById } from '../notifications/fixtures'
import { channelTypesPlugin, traceRows } from '../channel-types'

const twilioCredentials = { accountSid: 'AC' + 'c'.repeat(32), authToken: 'twilio-auth-token-for-tests' }
const vonageCredentials = { apiKey: 'vonage-key', apiSecret: 'vonage-secret' }
const PUBLIC_URL = 'https://cms.example.com'
const meta = { title: 'Water', body: 'Off on Monday 10-14' }

let twilio: Awaited<ReturnType<typeof startTwilioFake>>
let vonage: Awaited<ReturnType<typeof startVonageFake>>
let app: TestApp
let prisma: any

beforeAll(async () => {
  twilio = await startTwilioFake(twilioCredentials)
  vonage = await startVonageFake(vonageCredentials)
  app = await startTestApp({
    http: true,
    channels: 'env',
    plugins: [channelTypesPlugin],
    env: {
      SMS_TRANSPORTS: 'twilio,vonage',
      TWILIO_ACCOUNT_SID: twilioCredentials.accountSid,
      TWILIO_AUTH_TOKEN: twilioCredentials.authToken,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE_URL: twilio.url,
      VONAGE_API_KEY: vonageCredentials.apiKey,
      VONAGE_API_SECRET: vonageCredentials.apiSecret,
      VONAGE_FROM: 'CMS',
      VONAGE_API_BASE_URL: vonage.url,
      PUBLIC_URL,
    },
  })
  prisma = app.context.prisma
})
afterAll(async () => {
  await app.close()
  await twilio.close()
  await vonage.close()
})
beforeEach(() => {
  twilio.received.splice(0)
  vonage.received.splice(0)
})

async function send(input: Parameters<typeof sendMessage>[1]) {
  const { id } = await sendMessage(app.context, input)
  await drain(app)
  return messageById(app, id)
}

test('a send goes through Twilio: the fake gets To, From, the rendered text with the unsubscribe link, and our status callback', async () => {
  const message = await send({ type: 'TEST_SMS', to: { phone: '+14155550123' }, meta, locale: 'de' })
  expect(message.status).toBe('sent')
  expect(traceRows(message)).toEqual([['sent', 'sms', 'twilio']])
  expect(twilio.received).toHaveLength(1)
  const { params } = twilio.received[0]
  expect(params).toMatchObject({ To: '+14155550123', From: '+15005550006', StatusCallback: `${PUBLIC_URL}${TWILIO_STATUS_PATH}` })
  expect(params.Body).toMatch(/^Water: Off on Monday 10-14\. Abmelden: https:\/\/cms\.example\.com\/u\/[0-9A-Za-z]{10}$/)
  expect(message.deliveries).toEqual([expect.objectContaining({ channel: 'sms', transport: 'twilio', status: 'sent', providerMessageId: expect.stringMatching(/^SM/) })])
  expect(vonage.received).toHaveLength(0)
})

test("a user's phone is the address; a template without the link still carries it; a critical type carries none", async () => {
  const user = await createUser(app.context, { type: 'resident', phone: '+14155550124' })
  await send({ type: 'TEST_SMS', to: { userId: user.id }, meta })
  await send({ type: 'TEST_SMS_CRITICAL', to: { userId: user.id }, meta })
  expect(twilio.received.map(r => r.params.To)).toEqual(['+14155550124', '+14155550124'])
  expect(twilio.received[0].params.Body).toMatch(/^Water: Off on Monday 10-14\nhttps:\/\/cms\.example\.com\/u\/[0-9A-Za-z]{10}$/)
  expect(twilio.received[1].params.Body).toBe('Water: Off on Monday 10-14')

  const noPhone = await createUser(app.context, { type: 'resident' })
  const unreachable = await send({ type: 'TEST_SMS', to: { userId: noPhone.id }, meta })
  expect(unreachable.status).toBe('error')
  expect(unreachable.trace[0]).toMatchObject({ outcome: 'skipped', channel: 'sms', error: 'the recipient has no address on this channel' })
})

test('Twilio refusing the message (a permanent error) falls back to Vonage in the same run', async () => {
  twilio.failNext('region-disabled')
  const message = await send({ type: 'TEST_SMS_CRITICAL', to: { phone: '+14155550125' }, meta })
  expect(message.status).toBe('sent')
  expect(traceRows(message)).toEqual([
    ['permanent', 'sms', 'twilio'],
    ['sent', 'sms', 'vonage'],
  ])
  expect(message.trace[0].error).toContain('21408')
  expect(vonage.received).toHaveLength(1)
  expect(vonage.received[0].params).toMatchObject({ to: '14155550125', from: 'CMS', text: 'Water: Off on Monday 10-14', type: 'text' })
  expect(message.deliveries[0]).toMatchObject({ transport: 'vonage', status: 'sent', attempts: 2 })
})

test('a transient Twilio failure is retried on Twilio in a later run (no fallback yet)', async () => {
  twilio.failNext('server-error')
  const message = await send({ type: 'TEST_SMS_CRITICAL', to: { phone: '+14155550126' }, meta })
  expect(message.status).toBe('sent')
  expect(traceRows(message)).toEqual([
    ['transient', 'sms', 'twilio'],
    ['retry', undefined, undefined],
    ['sent', 'sms', 'twilio'],
  ])
  expect(twilio.received).toHaveLength(2)
  expect(vonage.received).toHaveLength(0)
})

test('a type whose template renders longer than 3 segments fails permanently with a clear error, and nothing is sent', async () => {
  const message = await send({ type: 'TEST_SMS_CRITICAL', to: { phone: '+14155550127' }, meta: { title: 'Notice', body: 'x'.repeat(470) } })
  expect(message.status).toBe('error')
  expect(message.trace[0]).toMatchObject({ outcome: 'permanent', channel: 'sms' })
  expect(message.trace[0].error).toMatch(/^cannot render: TEST_SMS_CRITICAL \(en\): the SMS text needs 4 segments \(478 septets in GSM-7\), more than the limit of 3 \(459 septets\)/)
  expect(twilio.received).toHaveLength(0)
  expect(vonage.received).toHaveLength(0)
})

describe('the Twilio status webhook', () => {
  const url = `${PUBLIC_URL}${TWILIO_STATUS_PATH}`
  const sign = (token: string, body: Record<string, string>) =>
    crypto.createHmac('sha1', token).update(url + Object.keys(body).sort().map(k => k + body[k]).join('')).digest('base64')
  const post = (body: Record<string, string>, signature: string) =>
    fetch(`${app.url}${TWILIO_STATUS_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(body),
    })

  async function sentMessage() {
    const message = await send({ type: 'TEST_SMS_CRITICAL', to: { phone: '+14155550128' }, meta })
    const sid = message.deliveries[0].providerMessageId
    return { message, body: { AccountSid: twilioCredentials.accountSid, MessageSid: sid, MessageStatus: 'delivered', To: '+14155550128' } }
  }

  test('a forged signature gets 403 and changes nothing', async () => {
    const { message, body } = await sentMessage()
    for (const signature of [sign('not-the-auth-token', body), '', sign(twilioCredentials.authToken, { ...body, MessageStatus: 'sent' })]) {
      const res = await post(body, signature)
      expect(res.status).toBe(403)
    }
    expect(await prisma.message.findUnique({ where: { id: message.id }, select: { status: true, deliveredAt: true } })).toEqual({ status: 'sent', deliveredAt: null })
  })

  test("a signed 'delivered' callback sets deliveredAt and the status; a failure is recorded on the delivery", async () => {
    const { message, body } = await sentMessage()
    const res = await post(body, sign(twilioCredentials.authToken, body))
    expect(res.status).toBe(204)
    const after = await prisma.message.findUnique({ where: { id: message.id }, select: { status: true, deliveredAt: true } })
    expect(after.status).toBe('delivered')
    expect(after.deliveredAt).toBeInstanceOf(Date)

    const other = await sentMessage()
    const failed = { ...other.body, MessageStatus: 'undelivered', ErrorCode: '30003' }
    expect((await post(failed, sign(twilioCredentials.authToken, failed))).status).toBe(204)
    expect(await prisma.messageDelivery.findFirst({ where: { messageId: other.message.id }, select: { error: true } })).toEqual({ error: 'Twilio reported undelivered (30003)' })
    expect((await prisma.message.findUnique({ where: { id: other.message.id } })).status).toBe('sent')

    // an id we never sent is acknowledged and ignored
    const unknown = { ...body, MessageSid: 'SM' + '0'.repeat(32) }
    expect((await post(unknown, sign(twilioCredentials.authToken, unknown))).status).toBe(204)
  })
})

describe('the short unsubscribe link (PUBLIC_URL/u/<code>)', () => {
  // 111 Cyrillic characters: with the ~190-character signed link this could never fit 3 UCS-2 segments
  const russian = { title: 'Вода', body: 'В понедельник с 10 до 14 часов в доме будет отключена холодная вода из-за ремонта. Приносим извинения.' }
  const codeOf = (body: string) => body.match(/https:\/\/cms\.example\.com\/u\/([0-9A-Za-z]{10})$/)?.[1]

  test('a Russian non-critical SMS goes out through Twilio in at most 3 segments, carrying the short link', async () => {
    const phone = '+14155550131'
    const message = await send({ type: 'TEST_SMS', to: { phone }, meta: russian, locale: 'ru' })
    expect(message.status).toBe('sent')
    expect(twilio.received).toHaveLength(1)
    const body = twilio.received[0].params.Body
    expect(body.startsWith(`${russian.title}: ${russian.body}\n`)).toBe(true)
    expect(codeOf(body)).toBeDefined()
    expect(countSegments(body)).toMatchObject({ encoding: 'UCS-2', segments: 3 })
    // the code is stored only as its hash; the row holds the claim and the link's expiry
    const rows = await prisma.unsubscribeShortLink.findMany({ where: { recipientKey: `phone-${phone}` } })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ messageType: 'TEST_SMS', channel: 'sms' })
    expect(rows[0].codeHash).not.toContain(codeOf(body))
    expect(rows[0].expiresAt.getTime()).toBeGreaterThan(Date.now())
  })

  test('GET shows the confirmation form only; POST unsubscribes the phone from the type; an unknown or expired code is refused', async () => {
    const phone = '+14155550132'
    await send({ type: 'TEST_SMS', to: { phone }, meta })
    const code = codeOf(twilio.received[0].params.Body)!
    const settingKey = anonymousSettingKey({ phone }, 'TEST_SMS')

    const page = await fetch(`${app.url}/u/${code}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(`<form method="post" action="/u/${code}">`)
    expect(await prisma.notificationAnonymousSetting.findUnique({ where: { settingKey } })).toBeNull()

    const done = await fetch(`${app.url}/u/${code}`, { method: 'POST' })
    expect(done.status).toBe(200)
    expect(await done.text()).toContain('Unsubscribed')
    expect(await prisma.notificationAnonymousSetting.findUnique({ where: { settingKey } })).toMatchObject({ phone, messageType: 'TEST_SMS', isEnabled: false })
    // and the next message of that type to that phone is not sent
    twilio.received.splice(0)
    const blocked = await send({ type: 'TEST_SMS', to: { phone }, meta })
    expect(blocked.status).not.toBe('sent')
    expect(twilio.received).toHaveLength(0)

    for (const unknown of ['ZZZZZZZZZZ', code.slice(0, 9), `${code}x`, 'not-a-code']) {
      const res = await fetch(`${app.url}/u/${unknown}`, { method: 'POST' })
      expect(res.status).toBe(400)
      expect(await res.text()).toContain('This unsubscribe link is not valid')
    }

    const other = '+14155550133'
    twilio.received.splice(0)
    await send({ type: 'TEST_SMS', to: { phone: other }, meta })
    const stale = codeOf(twilio.received[0].params.Body)!
    await prisma.unsubscribeShortLink.updateMany({ where: { recipientKey: `phone-${other}` }, data: { expiresAt: new Date(Date.now() - 1000) } })
    const expired = await fetch(`${app.url}/u/${stale}`, { method: 'POST' })
    expect(expired.status).toBe(410)
    expect(await prisma.notificationAnonymousSetting.findUnique({ where: { settingKey: anonymousSettingKey({ phone: other }, 'TEST_SMS') } })).toBeNull()
  })

  test('codes are random, not sequential: consecutive messages share no prefix pattern and all differ', async () => {
    const codes: string[] = []
    for (let i = 0; i < 5; i++) {
      await send({ type: 'TEST_SMS', to: { phone: `+1415555014${i}` }, meta })
    }
    for (const r of twilio.received) codes.push(codeOf(r.params.Body)!)
    expect(new Set(codes).size).toBe(5)
    // sequential codes (counters, timestamps) would share long prefixes; random ones almost never share 4 characters
    const sharedPrefix = (a: string, b: string) => [...a].findIndex((c, i) => c !== b[i])
    for (let i = 1; i < codes.length; i++) expect(sharedPrefix(codes[i - 1], codes[i])).toBeLessThan(4)
  })
})
