// The broadcast journey in Chromium on the production build of the Admin UI: a manager composes
// "Water off Saturday 9-12" for one of three buildings, sees how many residents it will reach and how many
// each channel can reach, sends it, and sees the reach by channel in the recent broadcasts; then the issue's
// journey: for two of the three buildings, scheduled for tomorrow morning, and once it has gone out, its
// reach and read rate. Fails on any page error, console error or outside request.
import { configRegistry } from '../../plugins/kernel'
import { fanOutBroadcast } from '../../tasks/broadcast-fan-out'
import { as, createOrganization, createProperty, createStaff, createUser } from '../harness/factories'
import { settled } from '../plugins/notifications/fixtures'
import { follow } from './interact'
import { adminJourney } from './journey'
import { signInAsStaff } from './sign-in'
import { screenshots } from './screenshots'

jest.setTimeout(240_000)

const shoot = screenshots('broadcast-journey')

const j = adminJourney({ browser: { viewport: { width: 1280, height: 1000 } } }, async app => {
  const organization = await createOrganization(app.context, { name: 'Birch Management', country: 'US' })
  const north = await createProperty(app.context, organization.id, { name: 'North Tower' })
  const south = await createProperty(app.context, organization.id, { name: 'South Tower' })
  const east = await createProperty(app.context, organization.id, { name: 'East Tower' })
  const users = []
  for (const [property, count] of [[north, 2], [south, 1], [east, 1]] as const) {
    for (let i = 0; i < count; i++) {
      const user = await createUser(app.context, { type: 'resident' })
      users.push(user)
      await app.context.sudo().db.Resident.createOne({
        data: { user: { connect: { id: user.id } }, organization: { connect: { id: organization.id } }, property: { connect: { id: property.id } }, unitName: `${i + 1}`, unitType: 'flat' },
      })
    }
  }
  // reach by channel: the first North resident has the app (a push token); the South one has no email
  const prisma = app.context.prisma as any
  const device = await prisma.remoteClient.create({ data: { deviceId: 'journey-1', appId: 'com.example.app', platform: 'ios', ownerId: users[0].id, deviceKeyHash: 'f'.repeat(64) } })
  await prisma.pushToken.create({ data: { remoteClientId: device.id, transport: 'fcm', token: 'journey-token' } })
  await prisma.user.update({ where: { id: users[2].id }, data: { email: null } })
  return { users, staff: await createStaff(app.context, organization.id, ['broadcast', 'readContacts', 'manageMessages']) }
})

test('compose for one building, see the count, send, and see the reach', async () => {
  const { page } = j.browser
  await signInAsStaff(page, j.server.url, j.world.staff.email, 'password-123')
  await follow(page, page.getByRole('navigation').getByRole('link', { name: 'Send a broadcast' }), /\/broadcasts\/send$/)

  const count = page.getByTestId('recipient-count')
  await page.getByText('4', { exact: true }).first().waitFor()
  expect(await count.innerText()).toBe('4')
  const reach = async () => Object.fromEntries(await Promise.all(['push', 'telegram', 'email', 'none'].map(async c => [c, await page.getByTestId(`reach-${c}`).innerText()])))
  expect(await reach()).toEqual({ push: '1', telegram: '0', email: '3', none: '1' })
  await page.getByLabel('North Tower').check()
  await page.waitForFunction(() => document.querySelector('[data-testid="recipient-count"]')?.textContent === '2')
  await page.waitForFunction(() => document.querySelector('[data-testid="reach-none"]')?.textContent === '0')
  expect(await reach()).toEqual({ push: '1', telegram: '0', email: '2', none: '0' })
  await page.getByLabel('Title').fill('Water off Saturday 9-12')
  await page.getByRole('textbox', { name: /^Message/ }).fill('The **main valve** is replaced.')
  await shoot(page, 'compose')
  await page.getByRole('button', { name: 'Send now' }).click()
  await page.getByRole('status').getByText('Sending now.').waitFor()

  const row = page.locator('table[aria-label="Recent broadcasts"] tbody tr').first()
  await row.getByText('Water off Saturday 9-12').waitFor()
  await page.waitForFunction(
    () => {
      const tr = document.querySelector('table[aria-label="Recent broadcasts"] tbody tr')
      return tr?.querySelector('[data-testid="status"]')?.textContent === 'sent' && tr?.querySelector('[data-testid="sent"]')?.textContent === '2'
    },
    undefined,
    { timeout: 30_000 }
  )
  expect(await row.getByTestId('resolved').innerText()).toBe('2')
  // what each channel did, from the delivery rows
  expect(await row.getByTestId('by-channel').innerText()).toBe('email 2 · push 1')
  await shoot(page, 'reach')
})

test('two of three buildings, scheduled for tomorrow morning; once it has gone out, its reach and read rate', async () => {
  const { page } = j.browser
  const prisma = j.app.context.prisma as any
  await page.reload()
  await page.getByLabel('North Tower').check()
  await page.getByLabel('South Tower').check()
  await page.waitForFunction(() => document.querySelector('[data-testid="recipient-count"]')?.textContent === '3')
  await page.getByLabel('Title').fill('Water off Saturday 9-12')
  await page.getByRole('textbox', { name: /^Message/ }).fill('The **main valve** is replaced.')
  // tomorrow at 9:00, in the browser's time zone (the machine's, as the test's)
  const morning = new Date(Date.now() + 24 * 3600_000)
  morning.setHours(9, 0, 0, 0)
  const pad = (n: number) => String(n).padStart(2, '0')
  await page.locator('input[name="scheduledAt"]').fill(`${morning.getFullYear()}-${pad(morning.getMonth() + 1)}-${pad(morning.getDate())}T09:00`)
  await page.getByRole('button', { name: 'Schedule' }).click()
  await page.getByRole('status').getByText(/^Scheduled for/).waitFor()
  const row = page.locator('table[aria-label="Recent broadcasts"] tbody tr').first()
  await page.waitForFunction(() => document.querySelector('table[aria-label="Recent broadcasts"] tbody tr [data-testid="status"]')?.textContent === 'scheduled')
  const scheduled = await prisma.broadcast.findFirst({ where: { status: 'scheduled' } })
  expect(scheduled).toMatchObject({ title: 'Water off Saturday 9-12', scheduledAt: morning })
  expect(await prisma.message.count({ where: { uniqKey: `broadcast-${scheduled.id}` } })).toBe(0)

  // the morning comes: the fan-out runs as the worker runs it at that time (here in the test's process)
  await prisma.broadcast.update({ where: { id: scheduled.id }, data: { scheduledAt: new Date() } })
  await fanOutBroadcast(scheduled.id, { context: j.app.context.sudo(), registry: configRegistry(j.app.config) })
  // delivered by whichever worker takes the jobs (with BullMQ the admin server's too, whose queue also holds
  // the fan-out job it scheduled for tomorrow: a drain would wait for that)
  const messages: { id: string }[] = await prisma.message.findMany({ where: { uniqKey: `broadcast-${scheduled.id}` }, select: { id: true } })
  expect(messages).toHaveLength(3)
  for (const { id } of messages) await settled(j.app, id, m => !['sending', 'processing'].includes(m.status))
  // a North resident reads it in the app
  const [reader] = j.world.users
  const message = await prisma.message.findFirst({ where: { uniqKey: `broadcast-${scheduled.id}`, userId: reader.id } })
  const read = await as(j.app.context, reader).graphql.raw({ query: 'mutation($id: ID!) { markMessageRead(id: $id) { id } }', variables: { id: message.id } })
  expect(read.errors).toBeUndefined()

  await page.reload()
  await page.waitForFunction(() => document.querySelector('table[aria-label="Recent broadcasts"] tbody tr [data-testid="status"]')?.textContent === 'sent')
  expect(await row.getByTestId('resolved').innerText()).toBe('3')
  expect(await row.getByTestId('sent').innerText()).toBe('2')
  expect(await row.getByTestId('read').innerText()).toBe('1')
  expect(await row.getByTestId('read-rate').innerText()).toBe('50%')
  // the South resident no channel reaches (the feed only) is not a failure: "none 1" by channel
  expect(await row.getByTestId('failed').innerText()).toBe('0')
  expect(await row.getByTestId('by-channel').innerText()).toBe('email 2 · push 1 · none 1')
  await shoot(page, 'scheduled-reach')
})
