// The stored-address channel example from docs/plugins.md works through the whole pipeline, before it is
// registered in config.ts (generateClient): staff with manageEmployees store their organization's webhook
// (only under ORG_ALERTS_ORIGINS), alerts reach it, a dead webhook is forgotten; without the variable
// the plugin is installed but leaves the dev outbox on for everyone.
import http from 'node:http'
import { z } from 'zod'
import { channelPluginsFromEnv } from '../../config'
import { organizationAlertsPluginFromEnv } from '../../docs/examples/organization-alerts-channel'
import { definePlugin } from '../../plugins/kernel'
import { sendMessage } from '../../plugins/notifications'
import { defineMessageType } from '../../tasks/delivery/contracts'
import { startTestApp, type TestApp } from '../harness/app'
import { accessCast, type CastRole } from '../harness/cast'
import { clientFor, codeOf, type Client } from '../harness/contacts'
import { createUser } from '../harness/factories'
import { closeServer, listen, readBody } from '../fakes/http'
import { drain, messageById } from '../plugins/notifications/fixtures'

// the team chat's incoming webhooks: records each POST, answers the next planned status (200 by default)
const received: { path: string; body: any }[] = []
const planned: number[] = []
const server = http.createServer(async (req, res) => {
  received.push({ path: req.url!, body: JSON.parse(await readBody(req)) })
  const status = planned.shift() ?? 200
  res.writeHead(status, { 'content-type': 'text/plain' })
  res.end(status === 200 ? 'ok' : 'no_service')
})

// the first run generates the example's Prisma client (tests/harness/variant-client.ts)
const GENERATING = 120_000

const leak = defineMessageType({
  type: 'LEAK_REPORTED',
  meta: z.object({ unit: z.string() }),
  templates: { 'org-alerts': { en: { text: 'Leak reported in unit {{unit}}' } } },
  channels: ['org-alerts'],
  critical: true,
  retry: { attempts: 3, backoffMs: 20 },
})
const types = definePlugin({ name: 'leak-types', requires: ['notifications'], contributes: { messageTypes: [leak] } })

let origin: string
beforeAll(async () => {
  origin = `http://127.0.0.1:${await listen(server)}`
})
afterAll(() => closeServer(server))

describe('with ORG_ALERTS_ORIGINS', () => {
  let app: TestApp
  let cast: Awaited<ReturnType<typeof accessCast>>
  const hook = () => `${origin}/services/T1/B1/secret-path`
  beforeAll(async () => {
    app = await startTestApp({ http: true, channels: [organizationAlertsPluginFromEnv({ ORG_ALERTS_ORIGINS: origin })], plugins: [types], generateClient: true })
    cast = await accessCast(app.context, ['manageEmployees'])
  }, GENERATING)
  afterAll(() => app.close())
  beforeEach(() => received.splice(0))

  const clients = new Map<CastRole, Promise<Client>>()
  const client = (role: CastRole) => clients.get(role) ?? clients.set(role, clientFor(app, cast.users[role])).get(role)!
  const setUrl = async (role: CastRole, url: string) =>
    (await client(role))(`mutation($id: ID!, $url: String) { updateOrganization(where: { id: $id }, data: { alertsWebhookUrl: $url }) { id } }`, {
      id: cast.organization.id,
      url,
    })
  const readUrl = async (role: CastRole) =>
    (await (await client(role))(`query($id: ID!) { organization(where: { id: $id }) { alertsWebhookUrl } }`, { id: cast.organization.id })).body
  const report = async (unit: string) => {
    const { id } = await sendMessage(app.context, { type: 'LEAK_REPORTED', to: { email: 'resident@example.com' }, organizationId: cast.organization.id, meta: { unit } })
    await drain(app)
    return messageById(app, id)
  }

  test('staff with manageEmployees store the URL; it must be under an allowed origin; only they and admins read it', async () => {
    expect(codeOf((await setUrl('staffWithPermission', 'https://attacker.example/hook')).body)).toBe('WEBHOOK_URL_NOT_ALLOWED')
    expect(codeOf((await setUrl('staffWithoutPermission', hook())).body)).toBe('KS_ACCESS_DENIED')
    expect((await setUrl('staffWithPermission', hook())).body.errors).toBeUndefined()
    expect((await readUrl('staffWithPermission')).data.organization).toEqual({ alertsWebhookUrl: hook() })
    expect((await readUrl('admin')).data.organization).toEqual({ alertsWebhookUrl: hook() })
    expect((await readUrl('staffWithoutPermission')).data.organization).toEqual({ alertsWebhookUrl: null })
    expect((await readUrl('otherOrganizationStaff')).data.organization).toBeNull()
  })

  test("an alert reaches the organization's webhook; the trace shows the host, not the secret path", async () => {
    await app.context.sudo().db.Organization.updateOne({ where: { id: cast.organization.id }, data: { alertsWebhookUrl: hook() } })
    const message = await report('12B')
    expect(message.status).toBe('sent')
    expect(received).toEqual([{ path: '/services/T1/B1/secret-path', body: { text: 'Leak reported in unit 12B' } }])
    expect(message.trace).toEqual([expect.objectContaining({ outcome: 'sent', channel: 'org-alerts', address: new URL(origin).host })])
  })

  test('a webhook that is gone (410) is recorded and forgotten; an organization without one is skipped', async () => {
    await app.context.sudo().db.Organization.updateOne({ where: { id: cast.organization.id }, data: { alertsWebhookUrl: hook() } })
    planned.push(410)
    expect((await report('3')).trace[0]).toMatchObject({ outcome: 'invalidAddress', channel: 'org-alerts' })
    expect((await app.context.sudo().db.Organization.findOne({ where: { id: cast.organization.id } }))!.alertsWebhookUrl).toBeNull()
    received.splice(0)
    expect((await report('4')).trace[0]).toMatchObject({ outcome: 'skipped', error: 'the recipient has no address on this channel' })
    expect(received).toEqual([])
  })
})

test('without ORG_ALERTS_ORIGINS the plugin is installed and the dev outbox still records everything', async () => {
  // (a developer who copied the example into channelPluginsFromEnv has it there already)
  const shipped = channelPluginsFromEnv({}).filter(plugin => plugin.name !== 'org-alerts')
  const app = await startTestApp({ channels: [...shipped, organizationAlertsPluginFromEnv({})], generateClient: true })
  try {
    const user = await createUser(app.context, { type: 'resident', email: 'outbox@example.com' })
    const { id } = await sendMessage(app.context, { type: 'CUSTOM_MESSAGE', to: { userId: user.id }, meta: { title: 'Water', body: 'Off on Monday' } })
    await drain(app)
    const message = await messageById(app, id)
    expect(message.status).toBe('sent')
    expect(message.trace.at(-1)).toMatchObject({ outcome: 'sent', channel: 'email', transport: 'devOutbox' })
    expect(received).toEqual([])
  } finally {
    await app.close()
  }
}, GENERATING)
