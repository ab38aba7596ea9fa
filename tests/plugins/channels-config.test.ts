// Configuration of the channel plugins: all four are in the default plugin list; with no provider
// configured the embedded default still records everything in the dev outbox (rendered by the real
// channels); a channel without a transport is skipped with a clear trace entry; bad settings stop start-up.
import { buildConfig, channelPluginsFromEnv } from '../../config'
import { configRegistry } from '../../plugins/kernel'
import { sendMessage } from '../../plugins/notifications'
import { smsPluginFromEnv } from '../../plugins/sms'
import { telegramPluginFromEnv } from '../../plugins/telegram'
import { startTestApp, TEST_SESSION_SECRET, type TestApp } from '../harness/app'
import { createUser } from '../harness/factories'
import { startSmtpFake } from '../fakes/smtp'
import { drain, messageById } from './notifications/fixtures'
import { channelTypesPlugin, traceRows } from './channel-types'

test('the default plugin list has the push, sms, email and telegram channels', () => {
  const config = buildConfig({ SESSION_SECRET: TEST_SESSION_SECRET })
  const names = configRegistry(config).all('channels').map(c => c.name)
  expect(names).toEqual(expect.arrayContaining(['push', 'sms', 'email', 'telegram', 'devOutbox']))
})

describe('with no provider configured (the embedded default)', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await startTestApp({ channels: 'env', plugins: [channelTypesPlugin] })
  })
  afterAll(() => app.close())

  test('messages go to the dev outbox, addressed and rendered by the real channels', async () => {
    expect(channelPluginsFromEnv({}).length).toBe(4)
    const user = await createUser(app.context, { type: 'resident', email: 'outbox@example.com' })
    const { id } = await sendMessage(app.context, { type: 'CUSTOM_MESSAGE', to: { userId: user.id }, meta: { title: 'Hello', body: 'World' } })
    await drain(app)
    const message = await messageById(app, id)
    expect(message.status).toBe('sent')
    // push: no device; telegram: not linked; email: the user's address
    expect(traceRows(message)).toEqual([
      ['skipped', 'push', undefined],
      ['skipped', 'telegram', undefined],
      ['sent', 'email', 'devOutbox'],
    ])
    const [entry] = await (app.context.prisma as any).devOutboxEntry.findMany({ where: { messageId: id } })
    expect(entry).toMatchObject({ channel: 'email', address: 'outbox@example.com', preview: 'Hello' })
    expect(entry.content.content).toMatchObject({ subject: 'Hello', text: expect.stringContaining('World'), headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } })
  })
})

describe('with only SMTP configured', () => {
  let app: TestApp
  let smtp: Awaited<ReturnType<typeof startSmtpFake>>
  beforeAll(async () => {
    smtp = await startSmtpFake()
    app = await startTestApp({ channels: 'env', plugins: [channelTypesPlugin], env: { SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), SMTP_FROM: 'cms@example.com' } })
  })
  afterAll(async () => {
    await app.close()
    await smtp.close()
  })

  test('the SMS channel is skipped with a clear trace entry and the email channel sends', async () => {
    const { id } = await sendMessage(app.context, { type: 'TEST_SMS_THEN_EMAIL', to: { email: 'only-email@example.com' }, meta: { title: 'T', body: 'B' } })
    await drain(app)
    const message = await messageById(app, id)
    expect(message.status).toBe('sent')
    expect(message.trace.map((e: any) => [e.outcome, e.channel, e.transport ?? e.error])).toEqual([
      ['skipped', 'sms', 'no transport configured for this channel'],
      ['sent', 'email', 'smtp'],
    ])
    expect(smtp.received.map(m => m.rcptTo)).toEqual([['only-email@example.com']])
    expect(await (app.context.prisma as any).devOutboxEntry.count()).toBe(0)
  })
})

test('bad channel settings stop start-up with a clear message', () => {
  expect(() => smsPluginFromEnv({ SMS_TRANSPORTS: 'twilio,sinch' })).toThrow('SMS_TRANSPORTS names "sinch", which is not an SMS provider (known: twilio, vonage)')
  expect(() => smsPluginFromEnv({ SMS_MAX_SEGMENTS: '0' })).toThrow(/SMS_MAX_SEGMENTS must be an integer from 1 to 10/)
  expect(() => telegramPluginFromEnv({ TELEGRAM_WEBHOOK_SECRET: 'short' })).toThrow(/TELEGRAM_WEBHOOK_SECRET must be 16 to 256 characters/)
})
