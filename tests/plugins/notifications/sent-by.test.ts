// Message.sentBy: a message a staff member causes records who (sendMessage, broadcastMessage); staff
// who may read the message see it, the recipient does not; the system's own messages have none.
import { startTestApp, type TestApp } from '../../harness/app'
import { as, createOrganization, createStaff, createUser } from '../../harness/factories'
import { sendMessage } from '../../../plugins/notifications'
import { testNotificationsPlugin } from './fixtures'

const { plugin } = testNotificationsPlugin()
let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ plugins: [plugin] })
})
afterAll(() => app.close())

const meta = { title: 'Water', body: 'Off on Monday' }

test('sendMessage and broadcastMessage record the staff member; the recipient does not see who', async () => {
  const org = await createOrganization(app.context)
  const staff = await createStaff(app.context, org.id, ['manageMessages', 'broadcast'])
  const resident = await createUser(app.context, { type: 'resident' })
  await app.context.sudo().db.Resident.createOne({
    data: {
      user: { connect: { id: resident.id } },
      organization: { connect: { id: org.id } },
      property: { connect: { id: (await app.context.sudo().db.Property.createOne({ data: { name: 'P', organization: { connect: { id: org.id } } } })).id } },
      unitName: '1',
      unitType: 'flat',
    },
  })
  const single: any = await as(app.context, staff).graphql.run({
    query: 'mutation($d: SendMessageInput!) { sendMessage(data: $d) { id message { sentBy { id } } } }',
    variables: { d: { type: 'TEST_NOTICE', organizationId: org.id, userId: resident.id, meta } },
  })
  expect(single.sendMessage.message.sentBy).toEqual({ id: staff.id })
  const many: any = await as(app.context, staff).graphql.run({
    query: 'mutation($d: BroadcastMessageInput!) { broadcastMessage(data: $d) { messageIds } }',
    variables: { d: { type: 'TEST_NOTICE', organizationId: org.id, recipients: [{ userId: resident.id }], meta, uniqKey: 'b1' } },
  })
  const stored = await (app.context.prisma as any).message.findMany({ where: { id: { in: [single.sendMessage.id, ...many.broadcastMessage.messageIds] } } })
  expect(stored.map((m: any) => m.sentById)).toEqual([staff.id, staff.id])

  const seenByResident = await as(app.context, resident).graphql.raw({ query: 'query($id: ID!) { message(where: { id: $id }) { id sentBy { id } } }', variables: { id: single.sendMessage.id } })
  // field access hides it: the message is there, its sender is not
  expect((seenByResident.data as any).message).toEqual({ id: single.sendMessage.id, sentBy: null })

  const system = await sendMessage(app.context, { type: 'TEST_NOTICE', organizationId: org.id, to: { userId: resident.id }, meta })
  expect((await (app.context.prisma as any).message.findUnique({ where: { id: system.id } })).sentById).toBeNull()
})
