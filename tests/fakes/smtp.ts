// A local SMTP server (npm `smtp-server`): records envelopes, AUTH and raw messages, rejects the
// recipients a test names at RCPT TO with the reply it chooses, and can refuse the next DATA.
import type { AddressInfo } from 'node:net'
import { SMTPServer, type SMTPServerAuthentication } from 'smtp-server'

export type SmtpReceived = {
  mailFrom: string
  rcptTo: string[]
  auth: { username?: string; password?: string } | undefined
  raw: string
}

export type SmtpReply = { code: number; message: string }

export type SmtpFailure = 'try-later' | 'rejected-as-spam' | 'too-big'

// Replies a real MTA gives at the end of DATA.
const DATA_FAILURES: Record<SmtpFailure, SmtpReply> = {
  'try-later': { code: 451, message: '4.3.0 Temporary system failure, try again later' },
  'rejected-as-spam': { code: 554, message: '5.7.1 Message rejected as spam' },
  'too-big': { code: 552, message: '5.3.4 Message size exceeds fixed limit' },
}

export async function startSmtpFake(options: { username?: string; password?: string } = {}) {
  const received: SmtpReceived[] = []
  /** Recipient → the reply its RCPT TO gets, e.g. 550 5.1.1 or 451 4.7.1. */
  const rejectRecipients = new Map<string, SmtpReply>()
  const dataFailures: SmtpReply[] = []
  const reject = ({ code, message }: SmtpReply) => Object.assign(new Error(message), { responseCode: code })

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth: SMTPServerAuthentication, _session, callback) {
      if (auth.username === options.username && auth.password === options.password) return callback(null, { user: auth.username })
      callback(reject({ code: 535, message: '5.7.8 Authentication credentials invalid' }))
    },
    onRcptTo(address, _session, callback) {
      const reply = rejectRecipients.get(address.address)
      callback(reply ? reject(reply) : undefined)
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const failure = dataFailures.shift()
        if (failure) return callback(reject(failure))
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map(r => r.address),
          auth: session.user ? { username: session.user as string, password: options.password } : undefined,
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback(null)
      })
    },
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port

  return {
    host: '127.0.0.1',
    port,
    received,
    rejectRecipients,
    /** The next message's DATA is refused with this kind of reply. */
    failNext: (kind: SmtpFailure, times = 1) => {
      for (let i = 0; i < times; i++) dataFailures.push(DATA_FAILURES[kind])
    },
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  }
}
