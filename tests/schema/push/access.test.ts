// RemoteClient and PushToken: readable by admins and by the device's owner, written only through the
// push plugin's mutations (admins may delete); the device key's hash is not in the API at all.
import { pushPlugin } from '../../../plugins/push'
import { startTestApp, type TestApp } from '../../harness/app'
import { accessOf, nobody, only, roleContexts, ROLES, type Case } from '../channel-access-matrix'

let app: TestApp
let prisma: any
let roles: Awaited<ReturnType<typeof roleContexts>>
let seq = 0

beforeAll(async () => {
  app = await startTestApp({ channels: [pushPlugin({ transports: {} })] })
  prisma = app.context.prisma
  roles = await roleContexts(app)
})
afterAll(() => app.close())

const remoteClient = (ownerId: string) =>
  prisma.remoteClient.create({ data: { deviceId: `d-${++seq}`, appId: 'com.example.app', platform: 'ios', ownerId, deviceKeyHash: 'f'.repeat(64) } })

const CASES: Case[] = [
  {
    list: 'RemoteClient',
    item: remoteClient,
    createData: () => ({ deviceId: `new-${++seq}`, appId: 'com.example.app', platform: 'android' }),
    updateData: { appVersion: '9.9.9' },
    read: only('owner', 'admin'),
    create: nobody,
    update: nobody,
    delete: only('admin'),
  },
  {
    list: 'PushToken',
    item: async ownerId => prisma.pushToken.create({ data: { remoteClientId: (await remoteClient(ownerId)).id, transport: 'fcm', token: `t-${++seq}` } }),
    createData: () => ({ transport: 'fcm', token: `forged-${++seq}` }),
    updateData: { token: 'edited' },
    read: only('owner', 'admin'),
    create: nobody,
    update: nobody,
    delete: only('admin'),
  },
]

describe.each(CASES)('$list', c => {
  test.each(ROLES)('%s', async role => {
    expect(await accessOf(roles.ctx[role], c, roles.ownerId)).toEqual({ read: c.read[role], create: c.create[role], update: c.update[role], delete: c.delete[role] })
  })
})

test('deviceKeyHash cannot be read, filtered on or written through GraphQL, even by an admin', async () => {
  const res = await roles.ctx.admin.graphql.raw({ query: '{ remoteClients { id deviceKeyHash } }' })
  expect(res.errors?.[0].message).toMatch(/Cannot query field "deviceKeyHash"/)
  const filter = await roles.ctx.admin.graphql.raw({ query: '{ remoteClients(where: { deviceKeyHash: { equals: "x" } }) { id } }' })
  expect(filter.errors?.[0].message).toMatch(/deviceKeyHash/)
})

test("an admin deleting a device deletes its tokens; residents list only their own devices", async () => {
  const client = await remoteClient(roles.ownerId)
  await prisma.pushToken.create({ data: { remoteClientId: client.id, transport: 'apns', token: `gone-${++seq}` } })
  await roles.ctx.admin.db.RemoteClient.deleteOne({ where: { id: client.id } })
  expect(await prisma.pushToken.count({ where: { token: `gone-${seq}` } })).toBe(0)
  const mine = await roles.ctx.owner.db.RemoteClient.findMany({})
  expect(mine.length).toBeGreaterThan(0)
  expect(mine.every((c: any) => c.ownerId === roles.ownerId)).toBe(true)
  expect(await roles.ctx.otherResident.db.RemoteClient.count({})).toBe(0)
})
