// The SMTP transport through real nodemailer against a local smtp-server.
import { SmtpEmailTransport, smtpFromEnv } from '../../../adapters/email/smtp'
import { InvalidAddressError, PermanentTransportError, TransientTransportError } from '../../../adapters/transport/types'
import { startSmtpFake } from '../../fakes/smtp'

const credentials = { username: 'mailer', password: 'mailer-secret' }
const content = {
  subject: 'Water outage tomorrow',
  html: '<p>Water is <b>off</b> tomorrow 10:00-14:00.</p>',
  text: 'Water is off tomorrow 10:00-14:00.',
  headers: {
    'List-Unsubscribe': '<https://cms.example.com/unsubscribe?t=signed-token>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
}
const options = { idempotencyKey: 'msg-1:email:resident@example.com' }
let fake: Awaited<ReturnType<typeof startSmtpFake>>
let transport: SmtpEmailTransport

function smtpTransport(auth = { user: credentials.username, pass: credentials.password }) {
  return new SmtpEmailTransport({ host: fake.host, port: fake.port, secure: false, auth, from: '"Home CMS" <no-reply@cms.example.com>' })
}

beforeAll(async () => {
  fake = await startSmtpFake(credentials)
  transport = smtpTransport()
})
afterAll(async () => {
  await transport.close()
  await fake.close()
})
beforeEach(() => {
  fake.received.splice(0)
  fake.rejectRecipients.clear()
})

/** Unfolds header lines and returns the value of `name`. */
function header(raw: string, name: string): string | undefined {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ')
  return new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1]
}

describe('SMTP e-mail transport', () => {
  test('sends HTML with a text alternative, the List-Unsubscribe headers, AUTH and the envelope', async () => {
    const result = await transport.send('resident@example.com', content, options)
    expect(result.providerMessageId).toMatch(/^<[0-9a-f]{32}@cms\.example\.com>$/)
    const [mail] = fake.received
    expect(mail.mailFrom).toBe('no-reply@cms.example.com')
    expect(mail.rcptTo).toEqual(['resident@example.com'])
    expect(mail.auth).toEqual({ username: 'mailer', password: 'mailer-secret' })
    expect(header(mail.raw, 'Subject')).toBe('Water outage tomorrow')
    expect(header(mail.raw, 'From')).toBe('Home CMS <no-reply@cms.example.com>')
    expect(header(mail.raw, 'To')).toBe('resident@example.com')
    expect(header(mail.raw, 'Message-ID')).toBe(result.providerMessageId)
    expect(header(mail.raw, 'List-Unsubscribe')).toBe('<https://cms.example.com/unsubscribe?t=signed-token>')
    expect(header(mail.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click')
    expect(header(mail.raw, 'Content-Type')).toMatch(/^multipart\/alternative; boundary=/)
    // text/plain first, text/html last: clients show the last alternative they understand.
    const plainAt = mail.raw.indexOf('Content-Type: text/plain')
    const htmlAt = mail.raw.indexOf('Content-Type: text/html')
    expect(plainAt).toBeGreaterThan(0)
    expect(htmlAt).toBeGreaterThan(plainAt)
    expect(mail.raw).toContain('Water is off tomorrow 10:00-14:00.')
    expect(mail.raw).toContain('<p>Water is <b>off</b> tomorrow 10:00-14:00.</p>')
  })

  test('the same idempotency key gives the same Message-ID', async () => {
    const first = await transport.send('resident@example.com', content, options)
    const second = await transport.send('resident@example.com', content, options)
    expect(second.providerMessageId).toBe(first.providerMessageId)
    const other = await transport.send('resident@example.com', content, { idempotencyKey: 'msg-2:email:resident@example.com' })
    expect(other.providerMessageId).not.toBe(first.providerMessageId)
  })

  test('4xx replies are transient: a deferred recipient and a deferred DATA', async () => {
    fake.rejectRecipients.set('busy@example.com', { code: 451, message: '4.7.1 Greylisted, try again in 5 minutes' })
    await expect(transport.send('busy@example.com', content, options)).rejects.toMatchObject({
      constructor: TransientTransportError,
      providerCode: 451,
    })
    fake.failNext('try-later')
    await expect(transport.send('resident@example.com', content, options)).rejects.toMatchObject({
      constructor: TransientTransportError,
      providerCode: 451,
    })
    expect(fake.received).toEqual([])
  })

  test('5xx replies to the message are permanent', async () => {
    fake.failNext('rejected-as-spam')
    const error = await transport.send('resident@example.com', content, options).catch(e => e)
    expect(error).toBeInstanceOf(PermanentTransportError)
    expect(error).toMatchObject({ providerCode: 554 })
    expect(error.message).toContain('5.7.1 Message rejected as spam')
    fake.failNext('too-big')
    await expect(transport.send('resident@example.com', content, options)).rejects.toBeInstanceOf(PermanentTransportError)
  })

  test('550 5.1.1 at RCPT TO is an invalid address; a 550 for policy reasons is only permanent', async () => {
    fake.rejectRecipients.set('nobody@example.com', { code: 550, message: '5.1.1 <nobody@example.com>: Recipient address rejected: User unknown' })
    await expect(transport.send('nobody@example.com', content, options)).rejects.toMatchObject({
      constructor: InvalidAddressError,
      providerCode: 550,
    })
    fake.rejectRecipients.set('blocked@example.com', { code: 550, message: '5.7.1 Service unavailable; client host blocked using Spamhaus' })
    await expect(transport.send('blocked@example.com', content, options)).rejects.toBeInstanceOf(PermanentTransportError)
  })

  test('wrong credentials are permanent', async () => {
    const wrong = smtpTransport({ user: 'mailer', pass: 'wrong' })
    try {
      await expect(wrong.send('resident@example.com', content, options)).rejects.toMatchObject({
        constructor: PermanentTransportError,
        providerCode: 535,
      })
    } finally {
      await wrong.close()
    }
  })

  test('a server that does not answer is transient', async () => {
    const down = new SmtpEmailTransport({ host: '127.0.0.1', port: 1, secure: false, from: 'no-reply@cms.example.com' })
    try {
      await expect(down.send('resident@example.com', content, options)).rejects.toBeInstanceOf(TransientTransportError)
    } finally {
      await down.close()
    }
  })

  test('smtpFromEnv needs host and sender; port follows SMTP_SECURE', async () => {
    expect(smtpFromEnv({ SMTP_HOST: '127.0.0.1' })).toBeUndefined()
    const fromEnv = smtpFromEnv({
      SMTP_HOST: fake.host,
      SMTP_PORT: String(fake.port),
      SMTP_FROM: 'no-reply@cms.example.com',
      SMTP_USER: credentials.username,
      SMTP_PASSWORD: credentials.password,
    })!
    try {
      await fromEnv.send('resident@example.com', content, options)
      expect(fake.received[0].auth?.username).toBe('mailer')
    } finally {
      await fromEnv.close()
    }
  })
})
