// The contacts export in Chromium on the production build of the Admin UI: from the contacts list
// (filtered to vendors) "Export to Excel" → the exports page with the filter → start → the progress bar
// follows the task → the download is the XLSX of the filtered contacts. Fails on any page error, console
// error or request to a host other than loopback.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createOrganization, createProperty, createStaff } from '../harness/factories'
import { createContact } from '../harness/contacts'
import { dataRows, readWorkbook } from '../plugins/exports/helpers'
import { TEST_MASTER_KEY } from '../plugins/files/helpers'
import { follow } from './interact'
import { adminJourney } from './journey'
import { signInAsStaff } from './sign-in'
import { screenshots } from './screenshots'

jest.setTimeout(240_000)

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-export-browser-'))
const shoot = screenshots('contact-export')
const j = adminJourney({ app: { env: { FILES_DIR: directory, FILES_MASTER_KEY: TEST_MASTER_KEY } }, browser: { acceptDownloads: true } }, async app => {
  const organization = await createOrganization(app.context, { name: 'Birch Estates', country: 'US' })
  const property = await createProperty(app.context, organization.id, { name: 'Birch House' })
  const staff = await createStaff(app.context, organization.id, ['exportContacts', 'readContacts', 'manageContacts'])
  await createContact(app.context, { organization: organization.id, name: 'Vera Vendor', type: 'vendor', phone: '+14155552671' })
  await createContact(app.context, { organization: organization.id, name: 'Victor Vendor', type: 'vendor' })
  await createContact(app.context, { organization: organization.id, property: property.id, name: 'Rita Resident' })
  return { organization, property, staff }
})

beforeAll(() => signInAsStaff(j.browser.page, j.server.url, j.world.staff.email, 'password-123'))
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }))

test('Export to Excel from the filtered contacts list → progress → download of the filtered contacts', async () => {
  const { page } = j.browser
  await page.goto(`${j.server.url}/contacts?filter=${encodeURIComponent('type_matches_["vendor"]')}`)
  await page.getByText('Vera Vendor').first().waitFor()
  await shoot(page, 'contacts-list-filtered')
  await page.getByTestId('export-contacts').click()
  await page.waitForURL(/\/contact-exports\?new=1/)
  expect(await page.locator('main select[aria-label="Type"]').inputValue()).toBe('vendor')
  // the staff member's only organization is chosen once the form's choices load
  await page.waitForFunction(() => (document.querySelector('main select[aria-label="Organization"]') as HTMLSelectElement | null)?.value)
  expect(await page.locator('main select[aria-label="Organization"]').inputValue()).toBe(j.world.organization.id)
  await shoot(page, 'new-export')
  await page.getByRole('button', { name: 'Start export' }).click()
  await page.waitForURL(/\/contact-exports\?id=/)
  await page.locator('[data-export-status="done"]').waitFor()
  await page.getByText('2 of 2 contacts').waitFor()
  await shoot(page, 'export-done')

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the Excel file' }).click()])
  expect(download.suggestedFilename()).toMatch(/^contacts-.*\.xlsx$/)
  const file = path.join(directory, 'downloaded.xlsx')
  await download.saveAs(file)
  const rows = dataRows(await readWorkbook(fs.readFileSync(file)))
  expect(rows.map(row => row[0]).sort()).toEqual(['Vera Vendor', 'Victor Vendor'])
  expect(rows.find(row => row[0] === 'Vera Vendor')![3]).toBe('+14155552671')
})

test('the progress bar follows a running export', async () => {
  const { page } = j.browser
  const task = await j.app.context.prisma.contactExportTask.create({
    data: { organizationId: j.world.organization.id, startedById: j.world.staff.id, status: 'running', attempt: 1, processed: 10, total: 100, heartbeatAt: new Date() },
  })
  await page.goto(`${j.server.url}/contact-exports?id=${task.id}`)
  await page.getByText('10 of 100 contacts').waitFor()
  expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('10')
  await j.app.context.prisma.contactExportTask.update({ where: { id: task.id }, data: { processed: 55 } })
  await page.getByText('55 of 100 contacts').waitFor({ timeout: 10_000 })
  await shoot(page, 'export-running')
  // cancel from the page
  await page.getByRole('button', { name: 'Cancel export' }).click()
  await page.locator('[data-export-status="cancelled"]').waitFor()
  expect((await j.app.context.prisma.contactExportTask.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('cancelled')
})

test('the dashboard lists recent exports, and the sidebar links the exports page', async () => {
  const { page } = j.browser
  await page.goto(`${j.server.url}/`)
  await page.locator('[data-card="recent-exports"]').getByText(/Export .* UTC: done/).first().waitFor()
  await follow(page, page.getByRole('navigation').getByRole('link', { name: 'Contact exports' }), /\/contact-exports$/)
  await page.getByRole('list', { name: 'Recent exports' }).waitFor()
  await shoot(page, 'exports-page')
})
