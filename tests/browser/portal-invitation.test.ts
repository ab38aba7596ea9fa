// The whole invitation in a real browser, in the embedded mode (dev outbox, inline queue): staff select
// the tenant on the Admin UI's contacts list (the production build) and send the invitation, the list
// shows it sent, the email is read from the dev outbox, the link is opened in Chromium with JavaScript off
// (the portal's forms must work without it), the password set, "Create Account & Access Portal"
// submitted, and the dashboard shows the unit, signed in. Fails on any console error and any request to
// a host other than loopback; a screenshot of each step goes to artifacts/screenshots/portal-invitation/.
import { startTestApp, type TestApp } from '../harness/app'
import { invitationWorld, STRONG_PASSWORD } from '../plugins/portal/helpers'
import { startAdminServer, type AdminServer } from './admin-server'
import { openBrowser, type Watched } from './chromium'
import { signInAsStaff } from './sign-in'
import { screenshots } from './screenshots'

jest.setTimeout(240_000)

let app: TestApp
let server: AdminServer
let staffBrowser: Watched
let residentBrowser: Watched
let world: Awaited<ReturnType<typeof invitationWorld>>
const shoot = screenshots('portal-invitation')

beforeAll(async () => {
  // PUBLIC_URL is a name this machine cannot resolve: the link's path is opened on the test server
  app = await startTestApp({ channels: 'env', env: { PUBLIC_URL: 'http://portal.test' } })
  world = await invitationWorld(app.context)
  server = await startAdminServer(app.env)
  staffBrowser = await openBrowser({ viewport: { width: 1280, height: 900 } })
  residentBrowser = await openBrowser({ javaScriptEnabled: false })
})
afterAll(async () => {
  await staffBrowser?.close()
  await residentBrowser?.close()
  await server?.close()
  await app?.close()
})

/** The invitation email in the dev outbox, once the server's inline queue delivered it. */
async function invitationEmail(address: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const [entry] = await app.context.sudo().db.DevOutboxEntry.findMany({ where: { address: { equals: address }, channel: { equals: 'email' } } })
    if (entry) return entry as { content: any }
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  throw new Error(`no invitation email reached the dev outbox for ${address}`)
}

test('staff invite from the contacts list; the tenant opens the emailed link, sets a password and lands on the dashboard, signed in', async () => {
  const staff = staffBrowser.page
  await signInAsStaff(staff, server.url, world.staff.email!, 'password-123')

  await staff.goto(`${server.url}/contacts`)
  const row = staff.getByRole('row', { name: /Tina Tenant/ })
  await row.waitFor()
  expect(await row.innerText()).toMatch(/never invited/i)
  await row.getByRole('checkbox').check()
  await staff.getByRole('button', { name: 'Send portal invitation' }).click()
  await shoot(staff, 'send-prompt')
  await staff.getByRole('button', { name: 'Send invitations' }).click()
  await staff.getByText(/1 portal invitation\(s\) sent/).waitFor()
  const email = await invitationEmail(world.contact.email!)
  // the status column follows: sent (the provider, here the dev outbox, accepted it), with its time
  await staff.reload()
  await staff.getByRole('row', { name: /Tina Tenant/ }).getByText(/^Sent /).waitFor()
  await shoot(staff, 'invitation-sent')
  expect(staffBrowser.problems).toEqual([])

  const link = new URL(String(email.content.content.text).match(/https?:\/\/\S+\/portal\/invite\/[\w-]{43}/)![0])

  const { page } = residentBrowser
  await page.goto(`${server.url}${link.pathname}`)
  await expect(page.getByRole('heading', { name: 'Create your resident portal account' }).isVisible()).resolves.toBe(true)
  for (const fact of ['Tina Tenant', 'Maple Management', 'Maple Court', '12B']) expect(await page.locator('main').innerText()).toContain(fact)
  await shoot(page, 'account-setup')

  await page.getByLabel('Password', { exact: false }).first().fill(STRONG_PASSWORD)
  await page.getByLabel('Repeat the password').fill(STRONG_PASSWORD)
  await Promise.all([page.waitForURL(/\/portal\?welcome=1$/), page.getByRole('button', { name: 'Create Account & Access Portal' }).click()])

  await expect(page.getByRole('heading', { name: 'Hello, Tina Tenant' }).isVisible()).resolves.toBe(true)
  expect(await page.locator('#units').innerText()).toContain('Maple Court, unit 12B')
  expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true)
  await shoot(page, 'portal-dashboard')
  // signed in for real: a new page load still knows the resident
  await page.goto(`${server.url}/portal/profile`)
  expect(await page.locator('main').innerText()).toContain(world.contact.email!)
  expect(residentBrowser.problems).toEqual([])

  // and the staff's list now says accepted
  await staff.reload()
  await staff.getByRole('row', { name: /Tina Tenant/ }).getByText(/^Accepted /).waitFor()
  expect(staffBrowser.problems).toEqual([])
})
