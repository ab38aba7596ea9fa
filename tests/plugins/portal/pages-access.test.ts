// The portal's pages as a matrix of callers (anonymous, resident, another resident, staff, admin), and
// what each page does with the resident's own session: units, notices, notification settings, profile.
import { createOrganization, createStaff, createUser } from '../../harness/factories'
import { gql } from '../../harness/http'
import { sendMessage } from '../../../plugins/notifications'
import { drain } from '../notifications/fixtures'
import { csrfIn, FormClient, signedInResident, staffBrowser, startPortalApp, STRONG_PASSWORD, type PortalApp } from './helpers'

let p: PortalApp
let ann: Awaited<ReturnType<typeof signedInResident>>
let bob: Awaited<ReturnType<typeof signedInResident>>
beforeAll(async () => {
  // every channel plugin (push, sms, email, telegram), no provider: messages land in the dev outbox
  p = await startPortalApp({}, { channels: 'env' })
  ann = await signedInResident(p.app, 'ann')
  bob = await signedInResident(p.app, 'bob')
})
afterAll(() => p.app.close())

const PAGES = ['/portal', '/portal/announcements', '/portal/messages', '/portal/notifications', '/portal/profile']

describe.each(PAGES)('%s', path => {
  test('anonymous: sent to sign in', async () => {
    const page = await new FormClient(p.app.url).get(path)
    expect(page.status).toBe(303)
    expect(page.location).toBe('/portal/signin')
  })

  test('the resident: their own page', async () => {
    const page = await ann.browser.get(path)
    expect(page.status).toBe(200)
    expect(page.html).toContain('Sign out')
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(page.headers.get('cache-control')).toBe('no-store')
  })

  test('staff and admin sessions never act as a resident', async () => {
    const org = await createOrganization(p.app.context)
    for (const user of [await createStaff(p.app.context, org.id, ['manageContacts']), await createUser(p.app.context, { isAdmin: true })]) {
      const page = await (await staffBrowser(p.app, user)).get(path)
      expect(page.status).toBe(403)
      expect(page.html).toContain('This portal is for residents')
      expect(page.html).not.toContain('Sign out')
    }
  })
})

test('the dashboard shows the resident’s units and latest notices, and another resident sees none of them', async () => {
  await sendMessage(p.app.context.sudo(), {
    type: 'CUSTOM_MESSAGE',
    organizationId: ann.organization.id,
    to: { userId: ann.user.id },
    meta: { title: 'Water off Tuesday', body: 'From 10:00 to 12:00 <b>only</b>.' },
  })
  await drain(p.app)
  const annHome = await ann.browser.get('/portal')
  expect(annHome.html).toContain('ann House, unit ann-7')
  expect(annHome.html).toContain('Water off Tuesday')
  expect(annHome.html).toContain('From 10:00 to 12:00 &lt;b&gt;only&lt;/b&gt;.')
  const bobHome = await bob.browser.get('/portal')
  expect(bobHome.html).toContain('bob House, unit bob-7')
  expect(bobHome.html).not.toContain('ann House')
  expect(bobHome.html).not.toContain('Water off Tuesday')
})

test('notification settings are the app’s own rows: channels on or off and their order', async () => {
  const page = await ann.browser.get('/portal/notifications')
  for (const label of ['App notifications', 'Text messages (SMS)', 'Email', 'Telegram']) expect(page.html).toContain(label)
  const res = await ann.browser.post('/portal/notifications', {
    _csrf: csrfIn(page.html),
    on_push: 'on',
    on_email: 'on',
    on_telegram: 'on',
    rank_email: '1',
    rank_push: '2',
    rank_sms: '4',
    rank_telegram: '3',
  })
  expect(res.location).toBe('/portal/notifications?saved=1')
  const settings = await (p.app.context.prisma as any).notificationUserSetting.findMany({ where: { userId: ann.user.id }, orderBy: { settingKey: 'asc' } })
  expect(settings.map((s: any) => [s.messageType, s.channel, s.isEnabled, s.channelOrder])).toEqual([
    ['', '', true, 'email,push,telegram,sms'],
    ['', 'sms', false, ''],
  ])
  const again = await ann.browser.get('/portal/notifications')
  expect(again.html).toMatch(/name="on_sms" aria-labelledby="label-sms">/)
  expect(again.html).toMatch(/name="on_email" aria-labelledby="label-email" checked>/)
  expect((await (p.app.context.prisma as any).notificationUserSetting.count({ where: { userId: bob.user.id } }))).toBe(0)
})

test('profile: the name changes with the resident’s own session; the password only with the current one and a strong new one', async () => {
  const resident = await signedInResident(p.app, 'cleo')
  const page = await resident.browser.get('/portal/profile')
  expect(page.html).toContain(resident.email)
  const named = await resident.browser.post('/portal/profile', { _csrf: csrfIn(page.html), name: '  Cleo   Renamed ' })
  expect(named.location).toBe('/portal/profile?saved=name')
  expect((await p.app.context.sudo().db.User.findOne({ where: { id: resident.user.id } }))!.name).toBe('Cleo Renamed')

  const change = (fields: Record<string, string>) => resident.browser.post('/portal/profile/password', { _csrf: csrfIn(page.html), ...fields })
  const newPassword = 'amber heron stitches quietly'
  expect((await change({ current: 'wrong password!', password: newPassword, confirmation: newPassword })).html).toContain('The current password is not correct.')
  expect((await change({ current: STRONG_PASSWORD, password: 'password123', confirmation: 'password123' })).html).toContain('This password is too easy to guess.')
  const otherDevice = new FormClient(p.app.url)
  expect((await otherDevice.submit('/portal/signin', { email: resident.email, password: STRONG_PASSWORD })).location).toBe('/portal')
  expect((await change({ current: STRONG_PASSWORD, password: newPassword, confirmation: newPassword })).location).toBe('/portal/profile?saved=password')
  // a new password signs the other devices out; this one stays signed in
  expect((await resident.browser.get('/portal/profile?saved=password')).html).toContain('Your password is changed.')
  expect((await otherDevice.get('/portal')).location).toBe('/portal/signin')
  const browser = new FormClient(p.app.url)
  expect((await browser.submit('/portal/signin', { email: resident.email, password: STRONG_PASSWORD })).status).toBe(401)
  expect((await browser.submit('/portal/signin', { email: resident.email, password: newPassword })).location).toBe('/portal')
})

describe('sign in and out', () => {
  test('a wrong password and an unknown email get the same answer', async () => {
    const attempt = async (email: string) => {
      const res = await new FormClient(p.app.url).submit('/portal/signin', { email, password: 'not the password 1' })
      return { status: res.status, html: res.html.replace(/name="_csrf" value="[^"]+"/, '').replace(/value="[^"]*@[^"]*"/, '') }
    }
    const known = await attempt(ann.email)
    const unknown = await attempt('nobody-here@example.org')
    expect(known.status).toBe(401)
    expect(unknown).toEqual(known)
    expect(known.html).toContain('The email or the password is not correct.')
  })

  test('a staff account’s correct password does not open the portal', async () => {
    const staff = await createStaff(p.app.context, (await createOrganization(p.app.context)).id, [])
    const browser = new FormClient(p.app.url)
    const res = await browser.submit('/portal/signin', { email: staff.email!, password: 'password-123' })
    expect(res.status).toBe(403)
    expect(res.html).toContain('Staff sign in to the management console')
    expect(browser.cookie('keystonejs-session')).toBeUndefined()
  })

  test('sign out ends the session: the cookie is cleared and the old token no longer works', async () => {
    const resident = await signedInResident(p.app, 'dora')
    const token = resident.browser.cookie('keystonejs-session')!
    const page = await resident.browser.get('/portal')
    const res = await resident.browser.post('/portal/signout', { _csrf: csrfIn(page.html) })
    expect(res.location).toBe('/portal/signin?signedOut=1')
    expect(resident.browser.cookie('keystonejs-session')).toBeUndefined()
    expect((await resident.browser.get('/portal')).location).toBe('/portal/signin')
    // a copy of the token (another tab, a thief) is signed out too: the session row is gone
    const replay = new FormClient(p.app.url)
    replay.setCookie('keystonejs-session', token)
    expect((await replay.get('/portal')).location).toBe('/portal/signin')
  })

  test('posts without the CSRF token change nothing', async () => {
    const before = await (p.app.context.prisma as any).notificationUserSetting.count({ where: { userId: bob.user.id } })
    expect((await bob.browser.post('/portal/notifications', { on_push: 'on' })).status).toBe(400)
    expect((await bob.browser.post('/portal/signout', {})).status).toBe(400)
    expect((await bob.browser.get('/portal')).status).toBe(200)
    expect(await (p.app.context.prisma as any).notificationUserSetting.count({ where: { userId: bob.user.id } })).toBe(before)
  })
})

test('a resident session never opens the Admin UI', async () => {
  const session = await p.app.context.withRequest({ headers: { cookie: `keystonejs-session=${ann.browser.cookie('keystonejs-session')}` } } as any)
  expect((session.session as any).data.type).toBe('resident')
  expect(await p.app.config.ui!.isAccessAllowed!(session)).toBe(false)
  const meta = await gql(p.app.url, `{ keystone { adminMeta { lists { key } } } }`, {}, { cookie: `keystonejs-session=${ann.browser.cookie('keystonejs-session')}` })
  expect(meta.body.errors?.[0].message).toBe('Access denied')
  expect(meta.body.data).toBeNull()
})

describe('sign-in limits', () => {
  let limited: PortalApp
  beforeAll(async () => {
    limited = await startPortalApp({ SIGN_IN_PER_ACCOUNT_PER_HOUR: '2' })
  })
  afterAll(() => limited.app.close())

  test('the auth plugin’s sign-in limits apply: past the failed attempts allowed for an email, even the right password is refused with 429', async () => {
    const resident = await signedInResident(limited.app, 'eve') // a success: its attempt is given back
    const browser = new FormClient(limited.app.url)
    for (let i = 0; i < 2; i++) expect((await browser.submit('/portal/signin', { email: resident.email, password: 'wrong password 123' })).status).toBe(401)
    const refused = await browser.submit('/portal/signin', { email: resident.email, password: STRONG_PASSWORD })
    expect(refused.status).toBe(429)
    expect(browser.cookie('keystonejs-session')).toBeUndefined()
  })
})
