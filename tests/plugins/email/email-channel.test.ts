// The email channel end to end: sendMessage → delivery task → nodemailer → a local SMTP server. Subject,
// HTML and plain text from the type's template; List-Unsubscribe (one-click) for non-critical types, and
// the link really unsubscribes; 4xx retried, a dead mailbox recorded.
import { sendMessage } from '../../../plugins/notifications'
import { htmlFromText, textFromHtml } from '../../../plugins/email/channel'
import { startTestApp, type TestApp } from '../../harness/app'
import { createUser } from '../../harness/factories'
import { startSmtpFake } from '../../fakes/smtp'
import { drain, messageById } from '../notifications/fixtures'
import { channelTypesPlugin, traceRows } from '../channel-types'

const meta = { title: 'Lift repair', body: 'The lift is off on Monday & Tuesday.' }
let smtp: Awaited<ReturnType<typeof startSmtpFake>>
let app: TestApp

beforeAll(async () => {
  smtp = await startSmtpFake({ username: 'mailer', password: 'mailer-secret' })
  app = await startTestApp({
    http: true,
    channels: 'env',
    plugins: [channelTypesPlugin],
    env: {
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMTP_FROM: '"Home CMS" <no-reply@cms.example.com>',
      SMTP_USER: 'mailer',
      SMTP_PASSWORD: 'mailer-secret',
      PUBLIC_URL: 'https://cms.example.com',
    },
  })
})
afterAll(async () => {
  await app.close()
  await smtp.close()
})
beforeEach(() => {
  smtp.received.splice(0)
  smtp.rejectRecipients.clear()
})

async function send(input: Parameters<typeof sendMessage>[1]) {
  const { id } = await sendMessage(app.context, input)
  await drain(app)
  return messageById(app, id)
}

function header(raw: string, name: string): string | undefined {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ')
  return new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1]
}
/** The raw message with quoted-printable soft breaks and escapes undone: enough to search the bodies. */
const decoded = (raw: string) => raw.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex) => String.fromCharCode(parseInt(hex, 16)))

test("a user's email gets subject, HTML and text parts, and a one-click List-Unsubscribe with the signed link", async () => {
  const user = await createUser(app.context, { type: 'resident', email: 'resident.one@example.com' })
  const message = await send({ type: 'TEST_EMAIL', to: { userId: user.id }, meta })
  expect(message.status).toBe('sent')
  expect(traceRows(message)).toEqual([['sent', 'email', 'smtp']])
  expect(smtp.received).toHaveLength(1)
  const [mail] = smtp.received
  expect(mail).toMatchObject({ mailFrom: 'no-reply@cms.example.com', rcptTo: ['resident.one@example.com'], auth: { username: 'mailer' } })
  expect(header(mail.raw, 'Subject')).toBe('Lift repair')
  expect(header(mail.raw, 'List-Unsubscribe')).toMatch(/^<https:\/\/cms\.example\.com\/api\/notifications\/unsubscribe\?token=[\w-]+\.[\w-]+>$/)
  expect(header(mail.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click')
  expect(header(mail.raw, 'Content-Type')).toMatch(/^multipart\/alternative/)
  const body = decoded(mail.raw)
  expect(body).toContain('<h1>Lift repair</h1><p>The lift is off on Monday &amp; Tuesday.</p>') // HTML escaped
  expect(body).toContain('Lift repair\r\n\r\nThe lift is off on Monday & Tuesday.') // text as written
})

test('the List-Unsubscribe link unsubscribes with one POST: the next message of the type is not sent', async () => {
  const first = await send({ type: 'TEST_EMAIL', to: { email: 'Someone@Example.com' }, meta })
  expect(smtp.received[0].rcptTo).toEqual(['someone@example.com'])
  const link = new URL(header(smtp.received[0].raw, 'List-Unsubscribe')!.slice(1, -1))
  const res = await fetch(`${app.url}${link.pathname}${link.search}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  })
  expect(res.status).toBe(200)
  const second = await send({ type: 'TEST_EMAIL', to: { email: 'someone@example.com' }, meta })
  expect(first.status).toBe('sent')
  expect(second.status).toBe('disabledByUser')
  expect(smtp.received).toHaveLength(1)
})

test('a critical type carries no List-Unsubscribe', async () => {
  await send({ type: 'TEST_EMAIL_CRITICAL', to: { email: 'critical@example.com' }, meta })
  expect(header(smtp.received[0].raw, 'List-Unsubscribe')).toBeUndefined()
  expect(header(smtp.received[0].raw, 'List-Unsubscribe-Post')).toBeUndefined()
})

test('a 4xx at DATA is retried in a later run; a 550 5.1.1 mailbox is recorded as an invalid address', async () => {
  smtp.failNext('try-later')
  const retried = await send({ type: 'TEST_EMAIL_CRITICAL', to: { email: 'later@example.com' }, meta })
  expect(traceRows(retried)).toEqual([
    ['transient', 'email', 'smtp'],
    ['retry', undefined, undefined],
    ['sent', 'email', 'smtp'],
  ])

  smtp.rejectRecipients.set('gone@example.com', { code: 550, message: '5.1.1 User unknown' })
  const dead = await send({ type: 'TEST_EMAIL_CRITICAL', to: { email: 'gone@example.com' }, meta })
  expect(dead.status).toBe('error')
  expect(traceRows(dead)[0]).toEqual(['invalidAddress', 'email', 'smtp'])
  expect(dead.deliveries[0]).toMatchObject({ status: 'invalidAddress', error: expect.stringContaining('550') })
})

test('templates with only text or only HTML get the other part derived', () => {
  expect(htmlFromText('Hello <you>\nline two\n\nnext')).toBe('<p>Hello &lt;you&gt;<br>line two</p>\n<p>next</p>')
  expect(textFromHtml('<h1>Hi</h1><p>Go <a href="https://x.example/a?b=1&amp;c=2">here</a> &amp; there</p>')).toBe('Hi\nGo here (https://x.example/a?b=1&c=2) & there')
})
