// The message type example from docs/plugins.md, with no provider configured: the dev outbox records
// what each real channel renders (the way to see a new type's words before any provider is set up).
import { notifySpotAssigned, parkingNoticesPlugin } from '../../docs/examples/message-type'
import { startTestApp, type TestApp } from '../harness/app'
import { usPhone } from '../harness/contacts'
import { createOrganization, createUser } from '../harness/factories'
import { drain, messageById } from '../plugins/notifications/fixtures'
import { registeredByConfig } from './registered'

// copied into the project and registered, the type is the developer's to test
const describeExample = registeredByConfig().messageTypes.includes('PARKING_SPOT_ASSIGNED') ? describe.skip : describe

describeExample('PARKING_SPOT_ASSIGNED', () => {
  let app: TestApp
  let organizationId: string
  beforeAll(async () => {
    app = await startTestApp({ channels: 'env', plugins: [parkingNoticesPlugin] })
    organizationId = (await createOrganization(app.context)).id
  })
  afterAll(() => app.close())

  const outbox = (messageId: string) => (app.context.prisma as any).devOutboxEntry.findMany({ where: { messageId } })

  async function assign(locale: string | undefined, user?: { id: string }) {
    const resident = user ?? (await createUser(app.context, { type: 'resident', phone: usPhone() }))
    const result = await notifySpotAssigned(app.context, { userId: resident.id, organizationId, spot: 'A7', from: '2026-12-01', locale })
    await drain(app)
    return { result, resident, message: await messageById(app, result.id), entries: await outbox(result.id) }
  }

  test('push has no device, so SMS delivers first, in German for de-AT, with the unsubscribe link', async () => {
    const { message, entries } = await assign('de-AT')
    expect(message.status).toBe('sent')
    expect(message.trace.map((e: any) => [e.outcome, e.channel, e.transport])).toEqual([
      ['skipped', 'push', undefined],
      ['sent', 'sms', 'devOutbox'],
    ])
    expect(entries).toHaveLength(1)
    expect(entries[0].content.content.text).toMatch(/^Stellplatz A7 gehört Ihnen ab 2026-12-01\.\nhttps?:\/\/\S+\/u\/\w+$/)
  })

  test('a language without templates falls back to English', async () => {
    const { entries } = await assign('fr')
    expect(entries[0].content.content.text).toMatch(/^Parking spot A7 is yours from 2026-12-01\./)
  })

  test('the same spot and date is one message; a bad meta is a typed error and saves nothing', async () => {
    const first = await assign(undefined)
    const again = await notifySpotAssigned(app.context, { userId: first.resident.id, organizationId, spot: 'A7', from: '2026-12-01' })
    expect(again).toEqual({ id: first.result.id, status: expect.any(String), created: false })
    const before = await (app.context.prisma as any).message.count()
    await expect(notifySpotAssigned(app.context, { userId: first.resident.id, organizationId, spot: 'A7', from: 'next Monday' })).rejects.toMatchObject({
      extensions: { code: 'INVALID_MESSAGE_META' },
    })
    expect(await (app.context.prisma as any).message.count()).toBe(before)
  })
})
