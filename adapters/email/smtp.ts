// E-mail over SMTP with `nodemailer`: HTML with a plain-text alternative, extra headers (the channel
// passes List-Unsubscribe / List-Unsubscribe-Post through `content.headers`), pooled connections.
//
// Environment:
//   SMTP_HOST         Server host name. Required.
//   SMTP_FROM         Sender, e.g. `"Home CMS" <no-reply@example.com>`. Required.
//   SMTP_PORT         Default 465 when SMTP_SECURE is true, otherwise 587.
//   SMTP_SECURE       `true`: TLS from the first byte (port 465). Otherwise STARTTLS when the server offers it.
//   SMTP_REQUIRE_TLS  `true`: refuse to send if the server does not offer STARTTLS.
//   SMTP_USER, SMTP_PASSWORD   Credentials, when the server wants AUTH.
//
// The transport is enabled when SMTP_HOST and SMTP_FROM are set.
//
// Classification (RFC 5321 reply classes): 4xx, and 503, are transient; 5xx is permanent. A 550/551/553
// reply to RCPT TO is the recipient's mailbox refusing (e.g. "550 5.1.1 user unknown"), so it is an
// invalid address, unless its enhanced status says policy or system (5.7.x, 5.3.x, 5.4.x...): then the
// mailbox may be fine and it is the message or our server that was refused, which is permanent.
import crypto from 'node:crypto'
import type nodemailer from 'nodemailer'
import { envFlag, type TransportEnv } from '../transport/http-errors'
import {
  InvalidAddressError,
  PermanentTransportError,
  TransientTransportError,
  type EmailContent,
  type SendOptions,
  type SendResult,
  type Transport,
  type TransportError,
} from '../transport/types'

export type SmtpConfig = {
  host: string
  port: number
  /** TLS from the first byte (465); otherwise STARTTLS when offered. */
  secure: boolean
  requireTls?: boolean
  auth?: { user: string; pass: string }
  from: string
  /** Tests only: trust this CA / skip STARTTLS against a local server. */
  tls?: { ca?: string | Buffer }
  ignoreTls?: boolean
  timeoutMs?: number
}

const MAILBOX_REPLY_CODES = new Set([550, 551, 553])
const CONNECTION_ERROR_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL'])

/** nodemailer, loaded when a transport is made: processes that send no e-mail never pay for it. */
const sdk = (): typeof nodemailer => require('nodemailer')

export class SmtpEmailTransport implements Transport<EmailContent> {
  readonly name = 'smtp'
  private readonly transporter: ReturnType<typeof nodemailer.createTransport>
  private readonly fromDomain: string

  constructor(private readonly config: SmtpConfig) {
    const timeout = config.timeoutMs ?? 30_000
    this.transporter = sdk().createTransport({
      pool: true,
      host: config.host,
      port: config.port,
      secure: config.secure,
      requireTLS: config.requireTls ?? false,
      ignoreTLS: config.ignoreTls ?? false,
      ...(config.auth ? { auth: config.auth } : {}),
      ...(config.tls ? { tls: config.tls } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    })
    this.fromDomain = /@([^>\s]+)>?\s*$/.exec(config.from)?.[1] ?? 'localhost'
  }

  async send(to: string, content: EmailContent, options: SendOptions): Promise<SendResult> {
    try {
      const info = await this.transporter.sendMail({
        from: this.config.from,
        to,
        subject: content.subject,
        html: content.html,
        text: content.text,
        headers: content.headers,
        // The same Message-ID on every retry lets receiving systems drop a duplicate.
        messageId: `<${crypto.createHash('sha256').update(options.idempotencyKey).digest('hex').slice(0, 32)}@${this.fromDomain}>`,
      })
      return { providerMessageId: info.messageId }
    } catch (error) {
      throw classifySmtpError(error)
    }
  }

  async close(): Promise<void> {
    this.transporter.close()
  }
}

type NodemailerError = Error & { code?: string; responseCode?: number; command?: string; response?: string }

export function classifySmtpError(error: unknown): TransportError {
  const { code, responseCode, command, response, message } = (error ?? {}) as NodemailerError
  const text = `SMTP: ${response ?? message ?? String(error)}`
  if (typeof responseCode === 'number' && responseCode >= 400) {
    if (responseCode < 500 || responseCode === 503) return new TransientTransportError(text, responseCode)
    if (command === 'RCPT TO' && MAILBOX_REPLY_CODES.has(responseCode) && isMailboxStatus(response)) {
      return new InvalidAddressError(text, responseCode)
    }
    return new PermanentTransportError(text, responseCode)
  }
  if (code && CONNECTION_ERROR_CODES.has(code)) return new TransientTransportError(text, code)
  if (code === 'EAUTH' || code === 'ENOAUTH' || code === 'ECONFIG' || code === 'EREQUIRETLS') return new PermanentTransportError(text, code)
  return new TransientTransportError(text, code)
}

/** Enhanced status (RFC 3463) 5.1.x / 5.2.x is about the mailbox; no enhanced code: trust the basic code. */
function isMailboxStatus(response: string | undefined): boolean {
  const enhanced = /^\d{3}[ -](\d)\.(\d{1,3})\.\d{1,3}/.exec(response ?? '')
  return !enhanced || enhanced[2] === '1' || enhanced[2] === '2'
}

export function smtpFromEnv(env: TransportEnv): SmtpEmailTransport | undefined {
  const { SMTP_HOST, SMTP_FROM } = env
  if (!SMTP_HOST || !SMTP_FROM) return undefined
  const secure = envFlag(env.SMTP_SECURE)
  return new SmtpEmailTransport({
    host: SMTP_HOST,
    port: env.SMTP_PORT ? Number(env.SMTP_PORT) : secure ? 465 : 587,
    secure,
    requireTls: envFlag(env.SMTP_REQUIRE_TLS),
    auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD ?? '' } : undefined,
    from: SMTP_FROM,
  })
}
