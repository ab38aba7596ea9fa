// A recipient blacklist entry by phone or email stops delivery to that address also when the message is
// addressed to a user who has it (a number that asked not to be texted is a legal opt-out): end to end
// through the real SMS and email channels to the Twilio and SMTP fakes. The entry's organization and type
// decide whether it applies; critical types (a verification code) ignore it.
import { sendMessage } from '../../../plugins/notifications'
import { startTestApp, type TestApp } from '../../harness/app'
import { createOrganization, createUser } from '../../harness/factories'
import { startSmtpFake } from '../../fakes/smtp'
import { startTwilioFake } from '../../fakes/twilio'
import { channelTypesPlugin, traceRows } from '../channel-types'
import { drain, messageById } from './fixtures'

const twilioCredentials = { accountSid: 'AC' + 'd'.repeat(32), authToken: 'twilio-auth-token-for-tests' }
const meta = { title: 'Water', body: 'Off on Monday 10-14' }

let twilio: Awaited<ReturnType<typeof startTwilioFake>>
let smtp: Awaited<ReturnType<typeof startSmtpFake>>
let app: TestApp
let prisma: any
let org: { id: string }
let other: { id: string }

beforeAll(async () => {
  twilio = await startTwilioFake(twilioCredentials)
  smtp = await startSmtpFake({ username: 'mailer', password: 'mailer-secret' })
  app = await startTestApp({
    channels: 'env',
    plugins: [channelTypesPlugin],
    env: {
      SMS_TRANSPORTS: 'twilio',
      TWILIO_ACCOUNT_SID: twilioCredentials.accountSid,
      TWILIO_AUTH_TOKEN: twilioCredentials.authToken,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE_URL: twilio.url,
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMTP_FROM: '"Home CMS" <no-reply@cms.example.com>',
      SMTP_USER: 'mailer',
      SMTP_PASSWORD: 'mailer-secret',
      PUBLIC_URL: 'https://cms.example.com',
    },
  })
  prisma = app.context.prisma
  org = await createOrganization(app.context)
  other = await createOrganization(app.context)
})
afterAll(async () => {
  await app.close()
  await twilio.close()
  await smtp.close()
})
beforeEach(() => {
  twilio.received.splice(0)
  smtp.received.splice(0)
})

async function send(type: string, userId: string, organizationId: string) {
  const { id } = await sendMessage(app.context, { type, to: { userId }, organizationId, meta })
  await drain(app)
  return messageById(app, id)
}

test("an organization's entry by phone stops SMS to a user with that phone, for its own messages only", async () => {
  const user = await createUser(app.context, { type: 'resident', phone: '+14155550141' })
  await prisma.messageUserBlackList.create({ data: { organizationId: org.id, phone: '+14155550141', reason: 'texted STOP' } })

  const stopped = await send('TEST_SMS', user.id, org.id)
  expect(twilio.received).toHaveLength(0)
  expect(stopped.status).toBe('blacklisted')
  expect(traceRows(stopped)).toEqual([
    ['blacklisted', 'sms', undefined],
    ['blacklisted', undefined, undefined],
  ])
  // the entry's reason, the address masked as everywhere in the trace
  expect(stopped.trace[0]).toMatchObject({ address: '***0141', error: 'recipient blacklist by phone (every type): texted STOP' })
  expect(JSON.stringify(stopped.trace)).not.toContain('4155550141')
  expect(stopped.deliveries).toEqual([])

  // another organization's message: its entries are its own
  const sent = await send('TEST_SMS', user.id, other.id)
  expect(sent.status).toBe('sent')
  expect(twilio.received.map(r => r.params.To)).toEqual(['+14155550141'])
})

test('a platform-wide entry by phone applies to every organization; a critical type still goes out; an entry of another type does not apply', async () => {
  const user = await createUser(app.context, { type: 'resident', phone: '+14155550142' })
  await prisma.messageUserBlackList.create({ data: { phone: '+14155550142', messageType: 'TEST_SMS', reason: 'legal opt-out' } })

  expect((await send('TEST_SMS', user.id, org.id)).status).toBe('blacklisted')
  expect((await send('TEST_SMS', user.id, other.id)).status).toBe('blacklisted')
  expect(twilio.received).toHaveLength(0)

  const critical = await send('TEST_SMS_CRITICAL', user.id, org.id)
  expect(critical.status).toBe('sent')
  // TEST_SMS_THEN_EMAIL is not the entry's type: SMS goes out (the first channel that sends)
  const otherType = await send('TEST_SMS_THEN_EMAIL', user.id, org.id)
  expect(traceRows(otherType)).toEqual([['sent', 'sms', 'twilio']])
  expect(twilio.received.map(r => r.params.To)).toEqual(['+14155550142', '+14155550142'])
})

test("an entry by email stops email to a user with that address; a critical type still goes out", async () => {
  const user = await createUser(app.context, { type: 'resident', email: 'opted.out@example.com' })
  await prisma.messageUserBlackList.create({ data: { organizationId: org.id, email: 'opted.out@example.com', reason: 'unsubscribed by letter' } })

  const stopped = await send('TEST_EMAIL', user.id, org.id)
  expect(smtp.received).toHaveLength(0)
  expect(stopped.status).toBe('blacklisted')
  expect(stopped.trace[0]).toMatchObject({ outcome: 'blacklisted', channel: 'email', address: 'o***@example.com', error: 'recipient blacklist by email (every type): unsubscribed by letter' })

  expect((await send('TEST_EMAIL_CRITICAL', user.id, org.id)).status).toBe('sent')
  expect(smtp.received).toHaveLength(1)
})

test("strategy 'first' moves past a blacklisted SMS to email, as past a channel without an address", async () => {
  const user = await createUser(app.context, { type: 'resident', phone: '+14155550143', email: 'has.both@example.com' })
  await prisma.messageUserBlackList.create({ data: { organizationId: org.id, phone: '+14155550143', reason: 'texted STOP' } })

  const message = await send('TEST_SMS_THEN_EMAIL', user.id, org.id)
  expect(message.status).toBe('sent')
  expect(traceRows(message)).toEqual([
    ['blacklisted', 'sms', undefined],
    ['sent', 'email', 'smtp'],
  ])
  expect(twilio.received).toHaveLength(0)
  expect(smtp.received).toHaveLength(1)
})
