// The staff journey in Chromium on the production build of the Admin UI (tests/browser/serve-admin.ts):
// sign in (a wrong password first), the dashboard and the sidebar. Fails on any page error, console error
// or request to a host other than loopback; a screenshot of each step goes to artifacts/screenshots/.
import { TEST_ADMIN } from '../harness/app'
import { sendMessage } from '../../plugins/notifications'
import { drain } from '../plugins/notifications/fixtures'
import { createOrganization, createProperty, createStaff, createUser } from '../harness/factories'
import { ALL_PERMISSIONS, createContact, usPhone } from '../harness/contacts'
import { adminJourney } from './journey'
import { follow, pick } from './interact'
import { signInAsStaff } from './sign-in'
import { screenshots } from './screenshots'
import { until } from '../harness/until'

jest.setTimeout(240_000)

const shoot = screenshots('staff-journey')

const j = adminJourney({}, async app => {
  const organization = await createOrganization(app.context, { name: 'Maple Management', country: 'US' })
  const property = await createProperty(app.context, organization.id, { name: 'Maple Court' })
  const staff = await createStaff(app.context, organization.id, ALL_PERMISSIONS)
  const phone = usPhone()
  await createContact(app.context, { organization: organization.id, property: property.id, name: 'Dana Duplicate', phone, unitName: '7' })
  await createContact(app.context, { organization: organization.id, property: property.id, name: 'Dana D.', phone, unitName: '8' })
  await app.context.sudo().prisma.message.create({
    data: { type: 'CUSTOM', recipientKey: `phone-${usPhone()}`, status: 'error', organizationId: organization.id },
  })
  // a notice that went out (to the dev outbox: no provider is configured), with its delivery trace
  const sent = await sendMessage(app.context, {
    type: 'CUSTOM_MESSAGE',
    organizationId: organization.id,
    to: { email: 'tina.tenant@example.com' },
    meta: { title: 'Water off on Tuesday', body: 'The water will be off from 9 to 12 on Tuesday.' },
  })
  await drain(app)
  // a resident registered at a unit through the app (the staff residents page shows their name)
  const resident = await createUser(app.context, { type: 'resident', name: 'Rita Resident' })
  await app.context.sudo().db.Resident.createOne({
    data: { user: { connect: { id: resident.id } }, organization: { connect: { id: organization.id } }, property: { connect: { id: property.id } }, unitName: '4B', unitType: 'flat' },
  })
  return { organization, property, staff, phone, sentId: sent.id, createdId: undefined as string | undefined }
})

test('a wrong password shows an error and keeps the email; the right one opens the dashboard', async () => {
  const { page } = j.browser
  await page.goto(`${j.server.url}/`)
  await page.waitForURL(/\/signin$/)
  await page.getByLabel('Email').fill(j.world.staff.email)
  await page.locator('#password').fill('not-the-password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByText('Wrong email or password.').waitFor()
  expect(await page.getByLabel('Email').inputValue()).toBe(j.world.staff.email)
  await shoot(page, 'wrong-password')

  await page.locator('#password').fill('password-123')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor()
  await page.locator('[data-card="failedMessages"]').getByText('1', { exact: true }).waitFor()
  expect(await page.locator('[data-card="possibleDuplicates"]').innerText()).toContain('Dana D. (unit 8)')
  await shoot(page, 'dashboard')
})

test('the sidebar groups the lists by task and hides plumbing', async () => {
  const { page } = j.browser
  const nav = page.getByRole('navigation')
  for (const group of ['Contacts', 'Residents', 'Messages and notifications', 'Organization', 'Settings', 'System']) {
    await nav.getByText(group, { exact: true }).first().waitFor()
  }
  for (const link of ['Dev outbox', 'Portal invitations', 'Contact roles']) await nav.getByRole('link', { name: link }).waitFor()
  const links = await nav.getByRole('link').allInnerTexts()
  for (const plumbing of ['Push Tokens', 'Remote Clients', 'Confirm Phone Actions', 'Telegram User Chats', 'Message Deliveries', 'Field Changes', 'User Sessions']) {
    expect(links).not.toContain(plumbing)
  }
  expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true)
  await follow(page, nav.getByRole('link', { name: 'Contacts', exact: true }), /\/contacts$/)
  await page.getByText('Dana Duplicate').first().waitFor()
  await shoot(page, 'contacts-list')
})

test('create a contact: a bad phone is refused at the phone field; the duplicate is named and linked', async () => {
  const { page } = j.browser
  await page.goto(`${j.server.url}/contacts/create`)
  await page.getByRole('heading', { name: 'Create contact' }).waitFor()
  // no "Set to null" anywhere, and the vendor-only field is not shown for a resident
  expect(await page.getByText('Set to null').count()).toBe(0)
  expect(await page.getByLabel('Service scope').count()).toBe(0)
  await page.getByRole('textbox', { name: /^Name/ }).fill('Dana Duplicate')
  await page.getByLabel('Phone').fill('555-01')
  await pick(page, 'Property', 'Maple Court')
  await page.getByRole('textbox', { name: /^Unit/ }).fill('7')
  await page.getByRole('button', { name: 'Create contact' }).click()
  const phoneError = page.locator('[data-error-for="phone"]')
  await phoneError.waitFor()
  expect(await phoneError.innerText()).toMatch(/phone number is not valid/i)
  await shoot(page, 'bad-phone')

  // the same person again, typed in local format: possible duplicates while typing, then the refusal names them
  await page.getByLabel('Phone').fill(localFormat(j.world.phone))
  await page.locator('#possible-duplicates').getByRole('link', { name: 'Dana Duplicate (unit 7)' }).waitFor()
  await page.getByRole('button', { name: 'Create contact' }).click()
  const duplicate = page.locator('[data-error-for="phone"]').getByRole('link', { name: 'Dana Duplicate (unit 7)' })
  await duplicate.waitFor()
  expect(await duplicate.getAttribute('href')).toMatch(/^\/contacts\/\w+$/)
  await shoot(page, 'duplicate')

  // another unit is another contact: created, and its page opens
  await page.getByRole('textbox', { name: /^Unit/ }).fill('9')
  await page.getByRole('button', { name: 'Create contact' }).click()
  await page.waitForURL(/\/contacts\/(?!create)\w+$/)
  j.world.createdId = page.url().split('/').pop()
  await page.getByRole('button', { name: 'Archive', exact: true }).waitFor()
  await page.getByRole('link', { name: 'Dana Duplicate (unit 7)' }).first().waitFor() // its possible duplicates, as links
  // the unit type is a plain choice ("Not set" first), not Keystone's "Set to null" checkbox
  await page.getByRole('button', { name: /Unit type$/i }).first().waitFor()
  expect(await page.getByText('Set to null').count()).toBe(0)
  await shoot(page, 'created')
})

test('archive and restore the contact from its page', async () => {
  const { page } = j.browser
  await page.getByRole('button', { name: 'Archive', exact: true }).click()
  await page.getByRole('alertdialog').getByRole('button', { name: 'Archive', exact: true }).click()
  await page.getByText('Contact archived').first().waitFor()
  expect((await j.app.context.sudo().prisma.contact.findUnique({ where: { id: j.world.createdId } }))?.archivedAt).not.toBeNull()
  await shoot(page, 'archived')
  await page.getByRole('button', { name: 'Restore', exact: true }).click()
  await page.getByRole('alertdialog').getByRole('button', { name: 'Restore', exact: true }).click()
  await page.getByText('Contact restored').first().waitFor()
  expect((await j.app.context.sudo().prisma.contact.findUnique({ where: { id: j.world.createdId } }))?.archivedAt).toBeNull()
  await shoot(page, 'restored')
})

test('set the unit type, then clear it with its "Not set" choice', async () => {
  const { page } = j.browser
  const unitType = async () => (await j.app.context.sudo().prisma.contact.findUnique({ where: { id: j.world.createdId } }))?.unitType ?? null
  await pick(page, /Unit type$/i, 'Parking')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  // the save is a request the page makes after the click
  await until('the unit type stored', async () => (await unitType()) !== null, 15_000)
  expect(await unitType()).toBe('parking')
  await pick(page, /Unit type$/i, 'Not set')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await until('the unit type cleared', async () => (await unitType()) === null, 15_000)
  await shoot(page, 'unit-type-cleared')
})

test('the residents page names each registered resident', async () => {
  const { page } = j.browser
  await follow(page, page.getByRole('navigation').getByRole('link', { name: 'Residents', exact: true }), /\/residents$/)
  const row = page.getByRole('row').filter({ hasText: '4B' })
  await row.first().waitFor()
  expect(await row.first().innerText()).toContain('Rita Resident')
  await shoot(page, 'residents')
})

test('create a contractor with its escalation owner picked among the organization’s employees', async () => {
  const { page } = j.browser
  await page.goto(`${j.server.url}/contacts/create`)
  await page.getByRole('heading', { name: 'Create contact' }).waitFor()
  await pick(page, 'Type', 'Contractor')
  expect(await page.getByRole('button', { name: /Payment routing owner/ }).count()).toBe(0) // vendors only
  await page.getByRole('textbox', { name: /^Name/ }).fill('Pat Plumber')
  await page.getByRole('textbox', { name: /^Assignment scope/ }).fill('Plumbing')
  await pick(page, 'Escalation owner', j.world.staff.name)
  await page.getByRole('button', { name: 'Create contact' }).click()
  await page.waitForURL(/\/contacts\/(?!create)\w+$/)
  const created = await j.app.context.sudo().prisma.contact.findUnique({ where: { id: page.url().split('/').pop() } })
  const employment = await j.app.context.sudo().prisma.organizationEmployee.findFirst({ where: { userId: j.world.staff.id } })
  expect(created).toMatchObject({ type: 'contractor', assignmentScope: 'Plumbing', escalationOwnerId: employment!.id })
  await shoot(page, 'contractor-created')
})

test('search the contacts list by phone in local format', async () => {
  const { page } = j.browser
  await page.goto(`${j.server.url}/contacts`)
  await page.getByRole('searchbox').fill(localFormat(j.world.phone))
  await page.keyboard.press('Enter')
  await page.getByText('Dana D.').first().waitFor()
  const rows = page.getByRole('row')
  await expect(rows.filter({ hasText: 'Dana' }).count()).resolves.toBe(3)
  await shoot(page, 'search-by-phone')
})

test('open a message: its recipient and type in the list, its delivery trace as a timeline', async () => {
  const { page } = j.browser
  await follow(page, page.getByRole('link', { name: 'Messages', exact: true }), /\/messages$/)
  const row = page.getByRole('row').filter({ hasText: 'Custom message' })
  await row.first().waitFor()
  expect(await row.first().innerText()).toContain('t***@example.com')
  await shoot(page, 'messages')
  await page.goto(`${j.server.url}/messages/${j.world.sentId}`)
  const trace = page.getByRole('table', { name: 'Delivery trace' })
  await trace.waitFor()
  expect(await trace.innerText()).toMatch(/email[\s\S]*Sent/)
  expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0)
  await shoot(page, 'message-trace')
})

test('an admin opens the dev outbox and reads the rendered email', async () => {
  const { page } = j.browser
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.waitForURL(/\/signin$/)
  await signInAsStaff(page, j.server.url, TEST_ADMIN.email, TEST_ADMIN.password)
  await follow(page, page.getByRole('link', { name: 'Dev outbox' }), /\/dev-outbox-entries$/)
  await page.getByText('Water off on Tuesday').first().click()
  const frame = page.frameLocator('iframe[title="Email preview"]')
  await frame.getByText('The water will be off from 9 to 12 on Tuesday.').waitFor()
  expect(await page.locator('iframe[title="Email preview"]').getAttribute('sandbox')).toBe('')
  expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0)
  await shoot(page, 'dev-outbox-email')
})

/** "+14155552671" → "(415) 555-2671", as staff type it. */
function localFormat(e164: string) {
  const d = e164.slice(2)
  return `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`
}

