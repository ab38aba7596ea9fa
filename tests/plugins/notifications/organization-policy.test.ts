// An organization's own opt-out list stops that organization's messages only; a platform-wide entry
// (no organization, admins only) stops every organization's. Staff manage their organization's entries
// and cannot see or change another's (the access matrix in tests/schema/notifications/access.test.ts).
import { sendMessage } from '../../../plugins/notifications'
import { startTestApp, type TestApp } from '../../harness/app'
import { as, createOrganization, createStaff } from '../../harness/factories'
import { drain, messageById, testNotificationsPlugin } from './fixtures'

const { plugin, pipeline } = testNotificationsPlugin()
let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ plugins: [plugin] })
})
afterAll(() => app.close())
beforeEach(() => pipeline.reset())

const meta = { title: 'Water', body: 'Off on Saturday' }
async function statusOf(organizationId: string, phone: string) {
  const { id } = await sendMessage(app.context, { type: 'TEST_NOTICE', organizationId, to: { phone }, meta })
  await drain(app)
  return (await messageById(app, id)).status
}

test("an organization's entry stops its own messages, not another organization's; a platform-wide entry stops both", async () => {
  const a = await createOrganization(app.context)
  const b = await createOrganization(app.context)
  const staffA = await createStaff(app.context, a.id, ['manageMessages'])
  const staffB = await createStaff(app.context, b.id, ['manageMessages'])
  const phone = '+14155550111'
  const entry = await as(app.context, staffA).db.MessageUserBlackList.createOne({ data: { organization: { connect: { id: a.id } }, phone, reason: 'asked us to stop' } })
  expect(await statusOf(a.id, phone)).toBe('blacklisted')
  expect(await statusOf(b.id, phone)).toBe('sent')

  // staff of the other organization neither see nor remove it; nor may they file one under it
  expect(await as(app.context, staffB).db.MessageUserBlackList.findOne({ where: { id: String(entry.id) } })).toBeNull()
  const removal = await as(app.context, staffB).graphql.raw({ query: 'mutation($id: ID!) { deleteMessageUserBlackList(where: { id: $id }) { id } }', variables: { id: entry.id } })
  expect(removal.errors?.[0].extensions?.code).toBe('KS_ACCESS_DENIED')
  const foreign = await as(app.context, staffB).graphql.raw({
    query: 'mutation($o: ID!) { createMessageUserBlackList(data: { organization: { connect: { id: $o } }, phone: "+14155550112", reason: "x" }) { id } }',
    variables: { o: a.id },
  })
  expect(foreign.errors?.[0].extensions?.code).toBe('KS_ACCESS_DENIED')
  // nor a platform-wide one
  const platform = await as(app.context, staffA).graphql.raw({ query: 'mutation { createMessageUserBlackList(data: { phone: "+14155550113", reason: "x" }) { id } }' })
  expect(platform.errors?.[0].extensions?.code).toBe('KS_ACCESS_DENIED')

  await app.context.sudo().db.MessageUserBlackList.createOne({ data: { phone, reason: 'court order' } })
  expect(await statusOf(b.id, phone)).toBe('blacklisted')
  expect(pipeline.log).toHaveLength(1)
})
