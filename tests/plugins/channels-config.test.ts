// Configuration of the channel plugins: every one is in the default plugin list, configured or not; with
// no provider configured the embedded default still records everything in the dev outbox (rendered by the
// real channels); a channel without a transport is skipped with a clear trace entry; bad settings stop
// start-up. Expectations come from the registries (channelPluginsFromEnv, SMS_PROVIDERS), so adding a
// channel or a provider does not mean editing this file.
import fs from 'node:fs'
import path from 'node:path'
import { buildConfig, channelPluginsFromEnv } from '../../config'
import { smsRuFromEnv } from '../../docs/examples/sms-example-adapter'
import { configRegistry, type Plugin } from '../../plugins/kernel'
import { sendMessage } from '../../plugins/notifications'
import { DEFAULT_SMS_TRANSPORTS, SMS_PROVIDERS, smsPluginFromEnv } from '../../plugins/sms'
import { telegramPluginFromEnv } from '../../plugins/telegram'
import { startTestApp, TEST_SESSION_SECRET, type TestApp } from '../harness/app'
import { createUser } from '../harness/factories'
import { startSmtpFake } from '../fakes/smtp'
import { drain, messageById } from './notifications/fixtures'
import { DEV_OUTBOX } from '../../tasks/delivery/names'
import { channelTypesPlugin, traceRows } from './channel-types'

const channelNames = (plugins: readonly Plugin[]) => plugins.flatMap(p => p.contributes?.channels ?? []).map(c => c.name)

test('every channel plugin contributes its channel even with nothing configured, and the default config has them all', () => {
  const unconfigured = channelPluginsFromEnv({})
  for (const plugin of unconfigured) expect({ plugin: plugin.name, channels: channelNames([plugin]).length }).toEqual({ plugin: plugin.name, channels: 1 })
  const registered = configRegistry(buildConfig({ SESSION_SECRET: TEST_SESSION_SECRET })).all('channels').map(c => c.name)
  expect([...registered].sort()).toEqual([...channelNames(unconfigured), DEV_OUTBOX].sort())
  // the media the shipped message types name are among them
  expect(registered).toEqual(expect.arrayContaining(['push', 'sms', 'email', 'telegram']))
})

describe('with no provider configured (the embedded default)', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await startTestApp({ channels: 'env', plugins: [channelTypesPlugin] })
  })
  afterAll(() => app.close())

  test('messages go to the dev outbox, addressed and rendered by the real channels', async () => {
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
  const known = Object.keys(SMS_PROVIDERS)
  expect(() => smsPluginFromEnv({ SMS_TRANSPORTS: `${known[0]},not-a-provider` })).toThrow(
    `SMS_TRANSPORTS names "not-a-provider", which is not an SMS provider (known: ${known.join(', ')})`
  )
  expect(() => smsPluginFromEnv({ SMS_MAX_SEGMENTS: '0' })).toThrow(/SMS_MAX_SEGMENTS must be an integer from 1 to 10/)
  expect(() => telegramPluginFromEnv({ TELEGRAM_WEBHOOK_SECRET: 'short' })).toThrow(/TELEGRAM_WEBHOOK_SECRET must be 16 to 256 characters/)
})

describe('the SMS_TRANSPORTS default', () => {
  const twilioAndVonage = {
    TWILIO_ACCOUNT_SID: 'AC' + 'c'.repeat(32),
    TWILIO_AUTH_TOKEN: 'token',
    TWILIO_FROM: '+15005550006',
    VONAGE_API_KEY: 'key',
    VONAGE_API_SECRET: 'secret',
    VONAGE_FROM: 'CMS',
  }
  // the docs' example provider added to the registry, even ahead of the shipped ones
  const withSmsRu = { smsru: smsRuFromEnv, ...SMS_PROVIDERS }
  const transportNames = (plugin: Plugin) => plugin.contributes!.channels![0].transports({} as any).map(t => t.name)

  test('is the fixed list the docs give, of registered providers', () => {
    expect(DEFAULT_SMS_TRANSPORTS.every(name => name in SMS_PROVIDERS)).toBe(true)
    const docs = fs.readFileSync(path.join(__dirname, '../../docs/plugins.md'), 'utf8')
    const documented = [...docs.matchAll(/`SMS_TRANSPORTS`[^\n]*?default `([^`]+)`/g)].map(m => m[1])
    expect(documented.length).toBeGreaterThan(0)
    expect(new Set(documented)).toEqual(new Set([DEFAULT_SMS_TRANSPORTS.join(',')]))
  })

  test('adding a provider to the registry does not change the order of the configured ones', () => {
    expect(transportNames(smsPluginFromEnv(twilioAndVonage))).toEqual(['twilio', 'vonage'])
    expect(transportNames(smsPluginFromEnv(twilioAndVonage, withSmsRu))).toEqual(['twilio', 'vonage'])
  })

  test('a configured provider the default leaves out stops start-up, naming SMS_TRANSPORTS', () => {
    expect(() => smsPluginFromEnv({ ...twilioAndVonage, SMSRU_API_ID: 'id' }, withSmsRu)).toThrow(
      'The SMS provider "smsru" is configured but not in the default order (twilio,vonage): set SMS_TRANSPORTS to the providers in priority order, e.g. SMS_TRANSPORTS=twilio,vonage,smsru'
    )
  })

  test('SMS_TRANSPORTS puts it where the operator wants it', () => {
    const env = { ...twilioAndVonage, SMSRU_API_ID: 'id', SMS_TRANSPORTS: 'smsru, twilio' }
    expect(transportNames(smsPluginFromEnv(env, withSmsRu))).toEqual(['smsru', 'twilio'])
  })
})
