// The email channel plugin: the `email` channel over SMTP (nodemailer).
import { smtpFromEnv } from '../../adapters/email/smtp'
import type { TransportEnv } from '../../adapters/transport/http-errors'
import { LazyTransports, type TransportFactory } from '../../adapters/transport/lazy-transports'
import type { EmailContent, Transport } from '../../adapters/transport/types'
import { definePlugin } from '../kernel'
import '../notifications/contributions'
import { emailChannel } from './channel'

export { EMAIL_CHANNEL } from './channel'

export type EmailPluginOptions = { transports: readonly TransportFactory<Transport<EmailContent, string>>[] }

export function emailPlugin(options: EmailPluginOptions) {
  const transports = new LazyTransports(options.transports)
  return definePlugin({
    name: 'email',
    requires: ['notifications'],
    contributes: { channels: [emailChannel(transports)], closers: [() => transports.close()] },
  })
}

/** SMTP_HOST + SMTP_FROM enable it (see adapters/email/smtp.ts for the rest). */
export function emailPluginFromEnv(env: TransportEnv) {
  return emailPlugin({ transports: [() => smtpFromEnv(env)] })
}
