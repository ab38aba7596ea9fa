// The message list's columns: the type's title and the recipient (a user's name, or the address masked).
import { startTestApp, type TestApp } from '../../harness/app'
import { as, createOrganization, createStaff, createUser } from '../../harness/factories'
import { typeTitle } from '../../../schema/notifications/message-display'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app?.close())

test('type titles read like words', () => {
  expect(typeTitle('PORTAL_INVITATION')).toBe('Portal invitation')
  expect(typeTitle('CUSTOM_MESSAGE')).toBe('Custom message')
  expect(typeTitle('')).toBe('')
})

test('recipient: the user’s name, else the masked phone or email; never the full address', async () => {
  const organization = await createOrganization(app.context)
  const resident = await createUser(app.context, { type: 'resident', name: 'Rita Resident' })
  const make = (data: object) => app.context.sudo().prisma.message.create({ data: { type: 'CUSTOM_MESSAGE', status: 'sent', organizationId: organization.id, ...data } })
  const toUser = await make({ recipientKey: `user-${resident.id}`, userId: resident.id })
  const toPhone = await make({ recipientKey: 'phone-+14155552671', phone: '+14155552671' })
  const toEmail = await make({ recipientKey: 'email-tina@example.com', email: 'tina@example.com' })
  const staff = await createStaff(app.context, organization.id, ['manageMessages'])
  const { messages } = (await as(app.context, staff).graphql.run({
    query: `query($ids: [ID!]) { messages(where: { id: { in: $ids } }, orderBy: { createdAt: asc }) { id typeTitle recipient } }`,
    variables: { ids: [toUser.id, toPhone.id, toEmail.id] },
  })) as any
  const byId = Object.fromEntries(messages.map((m: any) => [m.id, m]))
  expect(byId[toUser.id]).toMatchObject({ typeTitle: 'Custom message', recipient: 'Rita Resident' })
  expect(byId[toPhone.id].recipient).toBe('***2671')
  expect(byId[toEmail.id].recipient).toBe('t***@example.com')
})
