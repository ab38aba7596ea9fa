// The access matrix of every notification list: who reads, creates, updates and deletes what.
// Roles: anonymous, a resident (the recipient), staff of the organization with and without
// manageMessages, staff of another organization (with manageMessages), and an admin.
import type { KeystoneContext } from '@keystone-6/core/types'
import { crudAccess, expectedAccess, matrixFor, type Case } from '../../harness/access-matrix'
import { startTestApp, type TestApp } from '../../harness/app'
import { as, createOrganization, createStaff, createUser } from '../../harness/factories'
import { testNotificationsPlugin } from '../../plugins/notifications/fixtures'

const ROLES = ['anonymous', 'resident', 'staffWith', 'staffWithout', 'otherStaff', 'admin'] as const
type Role = (typeof ROLES)[number]
const { only, nobody } = matrixFor(ROLES)

const { plugin } = testNotificationsPlugin()
let app: TestApp
let prisma: any
const ctx = {} as Record<Role, KeystoneContext<any>>
let orgId: string
let otherOrgId: string
let residentId: string
let seq = 0

beforeAll(async () => {
  app = await startTestApp({ plugins: [plugin] })
  prisma = app.context.prisma
  const org = await createOrganization(app.context)
  const other = await createOrganization(app.context)
  orgId = org.id
  otherOrgId = other.id
  const resident = await createUser(app.context, { type: 'resident' })
  residentId = resident.id
  const users = {
    anonymous: undefined,
    resident,
    staffWith: await createStaff(app.context, org.id, ['manageMessages']),
    staffWithout: await createStaff(app.context, org.id, ['readContacts', 'manageContacts', 'broadcast']),
    otherStaff: await createStaff(app.context, other.id, ['manageMessages']),
    admin: await createUser(app.context, { isAdmin: true }),
  }
  for (const role of ROLES) ctx[role] = as(app.context, users[role] as any)
})
afterAll(() => app.close())

const message = (organization?: () => string) => () =>
  prisma.message.create({
    data: { type: 'TEST_NOTICE', userId: residentId, recipientKey: `user-${residentId}`, organizationId: (organization ?? (() => orgId))(), meta: { title: 't', body: 'b' } },
  })

const CASES: Case<Role>[] = [
  {
    list: 'Message',
    item: message(),
    createData: () => ({ type: 'TEST_NOTICE', recipientKey: 'x' }),
    updateData: { status: 'canceled' },
    read: only('resident', 'staffWith', 'admin'),
    create: nobody,
    update: only('admin'),
    delete: only('admin'),
  },
  {
    list: 'MessageDelivery',
    item: async () => {
      const { id } = await message()()
      return prisma.messageDelivery.create({ data: { messageId: id, channel: 'sms', idempotencyKey: `k-${++seq}`, status: 'sent' } })
    },
    createData: () => ({ channel: 'sms', idempotencyKey: `k-new-${++seq}` }),
    updateData: { status: 'failed' },
    read: only('staffWith', 'admin'),
    create: nobody,
    update: nobody,
    delete: nobody,
  },
  {
    list: 'NotificationUserSetting',
    item: () => prisma.notificationUserSetting.create({ data: { userId: residentId, messageType: 'TEST_NOTICE', channel: 'sms', isEnabled: false, settingKey: `r-${++seq}` } }),
    // each role writes its own row (an admin's, without a user, is a global default)
    createData: () => ({ messageType: 'TEST_ALL', channel: 'sms', isEnabled: false }),
    updateData: { isEnabled: true },
    // a user's own rows: the resident owns the item; everybody signed in may create their own
    read: only('resident', 'admin'),
    create: only('resident', 'staffWith', 'staffWithout', 'otherStaff', 'admin'),
    update: only('resident', 'admin'),
    delete: only('resident', 'admin'),
  },
  {
    list: 'NotificationAnonymousSetting',
    item: () => prisma.notificationAnonymousSetting.create({ data: { phone: '+14155557000', messageType: '', isEnabled: false, settingKey: `a-${++seq}` } }),
    createData: () => ({ phone: '+14155557001', messageType: '', isEnabled: false, settingKey: `a-new-${++seq}` }),
    updateData: { isEnabled: true },
    read: only('admin'),
    create: nobody,
    update: nobody,
    delete: nobody,
  },
  {
    list: 'MessageUserBlackList',
    // the organization's own opt-out list: its staff holding manageMessages manage it
    item: () => prisma.messageUserBlackList.create({ data: { organizationId: orgId, phone: '+14155557002', messageType: '', reason: 'spam complaints' } }),
    createData: () => ({ organization: { connect: { id: orgId } }, phone: '+14155557003', reason: 'asked to stop' }),
    updateData: { reason: 'updated' },
    read: only('staffWith', 'admin'),
    create: only('staffWith', 'admin'),
    update: only('staffWith', 'admin'),
    delete: only('staffWith', 'admin'),
  },
  {
    list: 'MessageUserBlackList',
    // platform-wide entries (no organization): admins only
    item: () => prisma.messageUserBlackList.create({ data: { phone: '+14155557004', messageType: '', reason: 'court order' } }),
    createData: () => ({ phone: '+14155557005', reason: 'court order' }),
    updateData: { reason: 'updated' },
    read: only('admin'),
    create: only('admin'),
    update: only('admin'),
    delete: only('admin'),
  },
  {
    list: 'MessageOrganizationBlackList',
    item: () => prisma.messageOrganizationBlackList.create({ data: { organizationId: orgId, messageType: '', reason: 'kill switch' } }),
    createData: () => ({ organization: { connect: { id: orgId } }, messageType: 'TEST_NOTICE', reason: 'complaints' }),
    updateData: { reason: 'updated' },
    read: only('staffWith', 'admin'),
    create: only('staffWith', 'admin'),
    update: only('staffWith', 'admin'),
    delete: only('staffWith', 'admin'),
  },
  {
    list: 'NotificationQuietHoursSetting',
    item: () => prisma.notificationQuietHoursSetting.create({ data: { userId: residentId, userKey: `q-${++seq}`, timeZone: 'Europe/Berlin', start: '22:00', end: '07:00' } }),
    // each role writes its own row (one row per user)
    createData: () => ({ timeZone: 'America/New_York', start: '23:00', end: '06:30' }),
    updateData: { start: '21:00' },
    read: only('resident', 'admin'),
    create: only('resident', 'staffWith', 'staffWithout', 'otherStaff', 'admin'),
    update: only('resident', 'admin'),
    delete: only('resident', 'admin'),
  },
  {
    list: 'DevOutboxEntry',
    item: () => prisma.devOutboxEntry.create({ data: { channel: 'sms', address: 'x', preview: 'hi', idempotencyKey: `d-${++seq}` } }),
    createData: () => ({ channel: 'sms', preview: 'forged', idempotencyKey: `d-new-${++seq}` }),
    updateData: { preview: 'edited' },
    read: only('admin'),
    create: nobody,
    update: nobody,
    delete: only('admin'),
  },
]

const ok = (promise: Promise<unknown>) =>
  promise.then(
    result => result !== null,
    () => false
  )

describe.each(CASES)('$list', c => {
  test.each(ROLES)('%s', async role => {
    expect(await crudAccess(ctx[role], c)).toEqual(expectedAccess(c, role))
  })
})

test("staff of another organization see that organization's messages, not this one's", async () => {
  const mine = await message(() => otherOrgId)()
  expect(await ctx.otherStaff.db.Message.findOne({ where: { id: mine.id } })).not.toBeNull()
  expect(await ctx.staffWith.db.Message.findOne({ where: { id: mine.id } })).toBeNull()
})

test('global default settings (no user) are readable by everyone signed in, writable by admins only', async () => {
  const global = await prisma.notificationUserSetting.create({ data: { messageType: 'TEST_ALL', channel: '', isEnabled: false, settingKey: `*|TEST_ALL|*` } })
  expect(await ctx.resident.db.NotificationUserSetting.findOne({ where: { id: global.id } })).not.toBeNull()
  expect(await ctx.anonymous.db.NotificationUserSetting.findOne({ where: { id: global.id } }).catch(() => null)).toBeNull()
  expect(await ok(ctx.resident.db.NotificationUserSetting.updateOne({ where: { id: global.id }, data: { isEnabled: true } }))).toBe(false)
  // a resident "creating a global row" gets a row of their own; creating one for someone else is denied
  const own = await ctx.resident.db.NotificationUserSetting.createOne({ data: { messageType: 'TEST_CRITICAL', channel: '' } })
  expect(own.userId).toBe(residentId)
  const admin = await app.context.sudo().db.User.findMany({ where: { isAdmin: { equals: true } }, take: 1 })
  expect(await ok(ctx.resident.db.NotificationUserSetting.createOne({ data: { user: { connect: { id: admin[0].id } }, messageType: 'TEST_NOTICE' } }))).toBe(false)
})

describe('NotificationOrganizationSetting (one row per organization)', () => {
  const setting = () => prisma.notificationOrganizationSetting.create({ data: { organizationId: orgId, organizationKey: `o-${++seq}`, timeZone: 'UTC' } })
  const c: Case<Role> = {
    list: 'NotificationOrganizationSetting',
    item: setting,
    createData: () => ({ organization: { connect: { id: orgId } }, timeZone: 'Europe/Berlin', quietHoursStart: '22:00', quietHoursEnd: '07:00' }),
    updateData: { channelOrder: 'sms,email' },
    read: only('staffWith', 'admin'),
    create: only('staffWith', 'admin'),
    update: only('staffWith', 'admin'),
    delete: only('staffWith', 'admin'),
  }
  // the row a create makes is the organization's one: remove it before the next role tries
  beforeEach(() => prisma.notificationOrganizationSetting.deleteMany({ where: { organizationKey: orgId } }))
  test.each(ROLES)('%s', async role => {
    expect(await crudAccess(ctx[role], c)).toEqual(expectedAccess(c, role))
  })

  test('a second row for the organization is refused; a bad zone or time is a typed error, nothing written', async () => {
    await ctx.staffWith.db.NotificationOrganizationSetting.createOne({ data: { organization: { connect: { id: orgId } }, timeZone: 'UTC' } })
    const twice = await ctx.staffWith.graphql.raw({ query: `mutation($o: ID!) { createNotificationOrganizationSetting(data: { organization: { connect: { id: $o } } }) { id } }`, variables: { o: orgId } })
    expect(twice.errors?.[0].extensions?.code).toBe('SETTING_EXISTS')
    const before = await prisma.notificationOrganizationSetting.count()
    for (const [data, code] of [
      [{ timeZone: 'Mars/Olympus' }, 'WRONG_TIME_ZONE'],
      [{ quietHoursStart: '22:00', quietHoursEnd: '22:00' }, 'WRONG_QUIET_HOURS'],
      [{ quietHoursStart: '25:00', quietHoursEnd: '07:00' }, 'WRONG_TIME_OF_DAY'],
      [{ quietHoursStart: '22:00' }, 'WRONG_QUIET_HOURS'],
      [{ channelOrder: 'push;sms' }, 'WRONG_CHANNEL_ORDER'],
    ] as const) {
      const result = await ctx.staffWith.graphql.raw({
        query: `mutation($d: NotificationOrganizationSettingCreateInput!) { createNotificationOrganizationSetting(data: $d) { id } }`,
        variables: { d: { organization: { connect: { id: orgId } }, ...data } },
      })
      expect(result.errors?.[0].extensions?.code).toBe(code)
    }
    expect(await prisma.notificationOrganizationSetting.count()).toBe(before)
  })
})
