// The whole invitation in a real browser, in the embedded mode (dev outbox, no email provider): staff
// send the invitation (GraphQL, until the Admin UI's contacts list carries the action), the email is read
// from the dev outbox, the link is opened in Chromium with JavaScript off (the forms must work without
// it), the password set, "Create Account & Access Portal" submitted, and the dashboard shows the unit,
// signed in. Fails on any console error and any request to a host other than loopback.
import { clientFor } from '../harness/contacts'
import { createUser } from '../harness/factories'
import { invitationWorld, SEND, startPortalApp, STRONG_PASSWORD, type PortalApp } from '../plugins/portal/helpers'
import { drain } from '../plugins/notifications/fixtures'
import { openBrowser, type Watched } from './chromium'

jest.setTimeout(90_000)

let p: PortalApp
let browser: Watched
beforeAll(async () => {
  p = await startPortalApp({}, { channels: 'env' })
  browser = await openBrowser({ javaScriptEnabled: false })
})
afterAll(async () => {
  await browser?.close()
  await p?.app.close()
})

test('staff invite, the tenant opens the emailed link, sets a password and lands on the dashboard, signed in', async () => {
  const world = await invitationWorld(p.app.context)
  const staff = await clientFor(p.app, world.staff)
  expect((await staff(SEND, { id: world.contact.id })).body.errors).toBeUndefined()
  await drain(p.app)

  // the email, as an admin reads it in the dev outbox
  const admin = await clientFor(p.app, await createUser(p.app.context, { isAdmin: true }))
  const outbox = await admin(`query($to: String!) { devOutboxEntries(where: { address: { equals: $to } }) { channel content } }`, { to: world.contact.email })
  const [email] = outbox.body.data.devOutboxEntries
  expect(email.channel).toBe('email')
  const link = new URL(String(email.content.content.text).match(/https?:\/\/\S+\/portal\/invite\/[\w-]{43}/)![0])
  // PUBLIC_URL is a name this machine cannot resolve: the test server is the same CMS on a loopback port
  const { page } = browser
  await page.goto(`${p.app.url}${link.pathname}`)
  await expect(page.getByRole('heading', { name: 'Create your resident portal account' }).isVisible()).resolves.toBe(true)
  for (const fact of ['Tina Tenant', 'Maple Management', 'Maple Court', '12B']) expect(await page.locator('main').innerText()).toContain(fact)

  await page.getByLabel('Password', { exact: false }).first().fill(STRONG_PASSWORD)
  await page.getByLabel('Repeat the password').fill(STRONG_PASSWORD)
  await Promise.all([page.waitForURL(/\/portal\?welcome=1$/), page.getByRole('button', { name: 'Create Account & Access Portal' }).click()])

  await expect(page.getByRole('heading', { name: 'Hello, Tina Tenant' }).isVisible()).resolves.toBe(true)
  expect(await page.locator('#units').innerText()).toContain('Maple Court, unit 12B')
  expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true)
  // signed in for real: a new page load still knows the resident
  await page.goto(`${p.app.url}/portal/profile`)
  expect(await page.locator('main').innerText()).toContain(world.contact.email!)
  expect(browser.problems).toEqual([])
})
