// docs/plugins.md, "An Admin UI page and a navigation entry": the example's link appears in its group of
// the sidebar and its card on the dashboard, counted with the caller's access.
import { startTestApp, type TestApp } from '../harness/app'
import { as, createOrganization, createProperty, createStaff, createUser } from '../harness/factories'
import { parkingAdminPlugin } from '../../docs/examples/parking-admin'
import fs from 'node:fs'
import path from 'node:path'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ plugins: [parkingAdminPlugin()] })
})
afterAll(() => app?.close())

test('the link sits in the Organization group, after Properties', async () => {
  const staff = await createStaff(app.context, (await createOrganization(app.context)).id)
  const { adminNavigation } = (await as(app.context, staff).graphql.run({ query: `{ adminNavigation { key links { href label } } }` })) as any
  const organization = adminNavigation.find((group: any) => group.key === 'organization')
  expect(organization.links.map((link: any) => link.label)).toEqual(['Organizations', 'Properties', 'Parking', 'Employees', 'Users'])
})

test('the card counts only the properties the staff member may read', async () => {
  const mine = await createOrganization(app.context)
  const theirs = await createOrganization(app.context)
  await createProperty(app.context, mine.id, { name: 'Aspen Yard', address: '' } as any)
  await createProperty(app.context, theirs.id, { name: 'Birch Yard', address: '' } as any)
  const card = async (user: any) =>
    ((await as(app.context, user).graphql.run({ query: `{ adminDashboard { key count items { label } } }` })) as any).adminDashboard.find(
      (c: any) => c.key === 'parkingPropertiesWithoutAddress'
    )
  expect(await card(await createStaff(app.context, mine.id))).toEqual({ key: 'parkingPropertiesWithoutAddress', count: 1, items: [{ label: 'Aspen Yard' }] })
  expect((await card(await createUser(app.context, { isAdmin: true }))).count).toBe(2)
})

// the page's code is compiled by the Admin UI build (and `npm run typecheck`), not by jest
test('the page is one default-exported component that reads through GraphQL', () => {
  const page = fs.readFileSync(path.resolve(__dirname, '../../docs/examples/parking-admin-page.tsx'), 'utf8')
  expect(page).toMatch(/^export default function ParkingPage\(\)/m)
  expect(page).toContain("from '@keystone-6/core/admin-ui/apollo'")
})
