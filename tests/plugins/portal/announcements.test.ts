// The portal's Announcements section: the broadcasts that reached the resident, newest first, formatted
// from escaped text, marked read with a form (CSRF-checked); another resident sees none of them.
import { as, createStaff } from '../../harness/factories'
import { drain } from '../notifications/fixtures'
import { csrfIn, FormClient, signedInResident, startPortalApp, type PortalApp } from './helpers'

let p: PortalApp
beforeAll(async () => {
  p = await startPortalApp({}, { channels: 'env' })
})
afterAll(() => p.app.close())

test('a resident reads their announcements and marks one read; anonymous visitors sign in first; others see nothing', async () => {
  const ann = await signedInResident(p.app, 'ann')
  const bob = await signedInResident(p.app, 'bob')
  const staff = as(p.app.context, await createStaff(p.app.context, ann.organization.id, ['broadcast', 'readContacts']))
  for (const [title, body, kind] of [
    ['Water off Saturday 9-12', 'The **main valve** is replaced. <b>really</b>', 'regular'],
    ['Gas leak', 'Leave the building now.', 'emergency'],
  ]) {
    const created: any = await staff.graphql.run({
      query: 'mutation($d: BroadcastCreateInput!) { createBroadcast(data: $d) { id } }',
      variables: { d: { organization: { connect: { id: ann.organization.id } }, title, body, kind } },
    })
    await staff.graphql.run({ query: 'mutation($id: ID!) { sendBroadcast(id: $id) { id } }', variables: { id: created.createBroadcast.id } })
    await drain(p.app)
  }
  const page = await ann.browser.get('/portal/announcements')
  expect(page.status).toBe(200)
  expect(page.html).toContain('aria-current="page">Announcements')
  const gas = page.html.indexOf('Gas leak')
  const water = page.html.indexOf('Water off Saturday 9-12')
  expect(gas).toBeGreaterThan(-1)
  expect(water).toBeGreaterThan(gas) // newest first
  expect(page.html).toContain('<span class="emergency">Emergency · </span>')
  expect(page.html).toContain('The <strong>main valve</strong> is replaced. &lt;b&gt;really&lt;/b&gt;')
  expect(page.html.match(/Mark as read/g)).toHaveLength(2)

  const id = /data-announcement="([^"]+)"/.exec(page.html)![1]
  expect((await ann.browser.post('/portal/announcements/read', { id })).status).toBe(400) // no CSRF token
  const res = await ann.browser.post('/portal/announcements/read', { _csrf: csrfIn(page.html), id })
  expect([res.status, res.location]).toEqual([303, '/portal/announcements'])
  expect((await ann.browser.get('/portal/announcements')).html.match(/Mark as read/g)).toHaveLength(1)

  // bob cannot mark ann's: nothing changes for her
  const bobPage = await bob.browser.get('/portal/announcements')
  expect(bobPage.html).toContain('No announcements yet.')
  const other = /data-announcement="([^"]+)"/g
  const remaining = [...(await ann.browser.get('/portal/announcements')).html.matchAll(other)].map(m => m[1]).filter(x => x !== id)
  await bob.browser.post('/portal/announcements/read', { _csrf: csrfIn(bobPage.html), id: remaining[0] })
  expect((await ann.browser.get('/portal/announcements')).html.match(/Mark as read/g)).toHaveLength(1)

  const anonymous = await new FormClient(p.app.url).get('/portal/announcements')
  expect([anonymous.status, anonymous.location]).toEqual([303, '/portal/signin'])
})
