// The account setup page: what each kind of link shows, the password rule, and the one-transaction
// accept (one account for a double submit, the person's existing resident account when there is one).
import crypto from 'node:crypto'
import { clientFor } from '../../harness/contacts'
import { createUser } from '../../harness/factories'
import { gql } from '../../harness/http'
import { FormClient, invitationWorld, SEND, startPortalApp, STRONG_PASSWORD, type PortalApp } from './helpers'

let p: PortalApp
beforeAll(async () => {
  p = await startPortalApp()
})
afterAll(() => p.app.close())

const prisma = () => p.app.context.prisma as any

async function invited() {
  const world = await invitationWorld(p.app.context)
  const res = await (await clientFor(p.app, world.staff))(SEND, { id: world.contact.id })
  expect(res.body.errors).toBeUndefined()
  return { ...world, link: await p.linkTo(world.contact.email!) }
}

const invitationOf = (contactId: string) => prisma().portalInvitation.findFirst({ where: { contactId } })
const usersWithEmail = (email: string) => prisma().user.count({ where: { email } })
const accept = (browser: FormClient, link: string, password = STRONG_PASSWORD, confirmation = password) => browser.submit(link, { password, confirmation })

test('a valid link shows whom it is for and the Create Account & Access Portal form', async () => {
  const { link, contact } = await invited()
  const page = await new FormClient(p.app.url).get(link)
  expect(page.status).toBe(200)
  for (const text of ['Tina Tenant', contact.email!, 'Maple Management', 'Maple Court', '12B', 'Create Account &amp; Access Portal']) expect(page.html).toContain(text)
  expect(page.headers.get('referrer-policy')).toBe('no-referrer')
  expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
})

test('accepting creates the resident user, links the contact, registers the Resident at the unit, marks it accepted and signs in', async () => {
  const { link, contact, property } = await invited()
  const browser = new FormClient(p.app.url)
  const res = await accept(browser, link)
  expect(res.status).toBe(303)
  expect(res.location).toBe('/portal?welcome=1')

  const user = await prisma().user.findUnique({ where: { email: contact.email } })
  expect(user).toMatchObject({ type: 'resident', isAdmin: false, name: 'Tina Tenant' })
  expect(await prisma().contact.findUnique({ where: { id: contact.id } })).toMatchObject({ portalUserId: user.id })
  expect(await prisma().resident.findMany({ where: { userId: user.id } })).toEqual([
    expect.objectContaining({ propertyId: property.id, unitName: '12B', unitType: 'flat', contactId: contact.id, organizationId: contact.organizationId }),
  ])
  expect(await invitationOf(contact.id)).toMatchObject({ acceptedById: user.id, pendingKey: null })

  // signed in: the portal and the API know the session as this resident
  const home = await browser.get('/portal')
  expect(home.status).toBe(200)
  expect(home.html).toContain('Maple Court, unit 12B')
  const me = await gql(p.app.url, `{ authenticatedItem { ... on User { id type } } }`, {}, { cookie: `keystonejs-session=${browser.cookie('keystonejs-session')}` })
  expect(me.body.data.authenticatedItem).toEqual({ id: user.id, type: 'resident' })
  // and the password works for the portal's own sign-in
  const again = new FormClient(p.app.url)
  expect((await again.submit('/portal/signin', { email: contact.email!, password: STRONG_PASSWORD })).location).toBe('/portal')
})

describe('links that no longer work get a page that says so and offers no form', () => {
  const deadLink = async (kind: 'unknown' | 'malformed' | 'expired' | 'revoked' | 'used') => {
    if (kind === 'unknown') return { link: `/portal/invite/${crypto.randomBytes(32).toString('base64url')}`, email: null }
    if (kind === 'malformed') return { link: '/portal/invite/not-a-token', email: null }
    const { link, contact } = await invited()
    if (kind === 'expired') await prisma().portalInvitation.updateMany({ where: { contactId: contact.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    if (kind === 'revoked') await prisma().portalInvitation.updateMany({ where: { contactId: contact.id }, data: { revokedAt: new Date(), pendingKey: null, revokedReason: 'staff' } })
    if (kind === 'used') expect((await accept(new FormClient(p.app.url), link)).status).toBe(303)
    return { link, email: contact.email }
  }

  test.each([
    ['unknown', 404, 'not valid'],
    ['malformed', 404, 'not valid'],
    ['expired', 410, 'has expired'],
    ['revoked', 410, 'no longer valid'],
    ['used', 410, 'already been used'],
  ] as const)('%s: %i, "%s", and a submit creates nothing', async (kind, status, text) => {
    const { link, email } = await deadLink(kind)
    const browser = new FormClient(p.app.url)
    const page = await browser.get(link)
    expect(page.status).toBe(status)
    expect(page.html).toContain(text)
    expect(page.html).not.toContain('type="password"')
    const usersBefore = await prisma().user.count()
    // a post made with a CSRF token from another page (the link's own page has no form)
    const form = await browser.get('/portal/signin')
    const csrf = form.html.match(/name="_csrf" value="([^"]+)"/)![1]
    const post = await browser.post(link, { _csrf: csrf, password: STRONG_PASSWORD, confirmation: STRONG_PASSWORD })
    expect(post.status).toBe(status)
    expect(await prisma().user.count()).toBe(usersBefore)
    if (email) expect(await usersWithEmail(email)).toBe(kind === 'used' ? 1 : 0)
  })
})

test.each([
  ['too short', 'kayak mos', 'kayak mos', 'Use at least 10 characters.'],
  ['a common password', 'password123', 'password123', 'This password is too easy to guess.'],
  ['the person’s own name', 'TinaTenant2024', 'TinaTenant2024', 'Do not use your name, your email or your organization’s name.'],
  ['two different entries', STRONG_PASSWORD, `${STRONG_PASSWORD}!`, 'The two passwords are not the same.'],
  ['longer than bcrypt reads', 'ж'.repeat(40), 'ж'.repeat(40), 'Use at most 72 bytes'],
])('a weak password (%s) re-shows the form with the reason and changes nothing', async (_case, password, confirmation, problem) => {
  const { link, contact } = await invited()
  const res = await accept(new FormClient(p.app.url), link, password, confirmation)
  expect(res.status).toBe(422)
  expect(res.html).toContain(problem)
  expect(res.html).toContain('Create Account &amp; Access Portal')
  expect(await usersWithEmail(contact.email!)).toBe(0)
  expect(await invitationOf(contact.id)).toMatchObject({ acceptedAt: null, pendingKey: contact.id })
})

test('a double submit in parallel creates one user: one request signs in, the others find the link used', async () => {
  const { link, contact } = await invited()
  const browser = new FormClient(p.app.url)
  const page = await browser.get(link)
  const csrf = page.html.match(/name="_csrf" value="([^"]+)"/)![1]
  const results = await Promise.all(Array.from({ length: 5 }, () => browser.post(link, { _csrf: csrf, password: STRONG_PASSWORD, confirmation: STRONG_PASSWORD })))
  expect(results.map(r => r.status).sort()).toEqual([303, 410, 410, 410, 410])
  expect(await usersWithEmail(contact.email!)).toBe(1)
  const user = await prisma().user.findUnique({ where: { email: contact.email } })
  expect(await prisma().resident.count({ where: { userId: user.id } })).toBe(1)
})

test('an existing resident user with the contact’s verified phone is linked (one person, one user), not duplicated', async () => {
  const { link, contact, property } = await invited()
  const appUser = await createUser(p.app.context, { type: 'resident', phone: contact.phone!, email: null as any, password: undefined, name: 'Tina from the app' })
  const usersBefore = await prisma().user.count()
  const browser = new FormClient(p.app.url)
  expect((await accept(browser, link)).location).toBe('/portal?welcome=1')
  expect(await prisma().user.count()).toBe(usersBefore)
  const user = await prisma().user.findUnique({ where: { id: appUser.id } })
  expect(user).toMatchObject({ email: contact.email, phone: contact.phone, type: 'resident', name: 'Tina from the app' })
  expect(await prisma().contact.findUnique({ where: { id: contact.id } })).toMatchObject({ portalUserId: appUser.id })
  expect(await prisma().resident.count({ where: { userId: appUser.id, propertyId: property.id } })).toBe(1)
  expect((await browser.get('/portal')).html).toContain('Hello, Tina from the app')
})

test('an email that belongs to a staff account: the person is asked to contact the management, nothing changes', async () => {
  const { link, contact } = await invited()
  const staff = await createUser(p.app.context, { type: 'staff' })
  // the staff member's account somehow holds the contact's email
  await prisma().user.update({ where: { id: staff.id }, data: { email: contact.email } })
  const passwordBefore = (await prisma().user.findUnique({ where: { id: staff.id } })).password
  const res = await accept(new FormClient(p.app.url), link)
  expect(res.status).toBe(409)
  expect(res.html).toContain('cannot be completed online')
  expect(res.html).not.toMatch(/staff|already has an account/i)
  expect((await prisma().user.findUnique({ where: { id: staff.id } })).password).toBe(passwordBefore)
  expect(await invitationOf(contact.id)).toMatchObject({ acceptedAt: null, pendingKey: contact.id })
  expect(await prisma().contact.findUnique({ where: { id: contact.id } })).toMatchObject({ portalUserId: null })
})

test('a staff session never accepts an invitation (it would act as the resident)', async () => {
  const { link, contact, staff } = await invited()
  const browser = new FormClient(p.app.url)
  const auth = await gql(
    p.app.url,
    `mutation($email: String!) { authenticateUserWithPassword(email: $email, password: "password-123") { ... on UserAuthenticationWithPasswordSuccess { sessionToken } } }`,
    { email: staff.email }
  )
  browser.setCookie('keystonejs-session', auth.body.data.authenticateUserWithPassword.sessionToken)
  const page = await browser.get(link)
  expect(page.status).toBe(403)
  expect(page.html).toContain('This portal is for residents')
  expect(await usersWithEmail(contact.email!)).toBe(0)
})

test('a post without the CSRF token, or from another site, is refused before anything happens', async () => {
  const { link, contact } = await invited()
  const browser = new FormClient(p.app.url)
  const page = await browser.get(link)
  const csrf = page.html.match(/name="_csrf" value="([^"]+)"/)![1]
  expect((await browser.post(link, { password: STRONG_PASSWORD, confirmation: STRONG_PASSWORD })).status).toBe(400)
  expect((await browser.post(link, { _csrf: 'x'.repeat(43), password: STRONG_PASSWORD, confirmation: STRONG_PASSWORD })).status).toBe(400)
  const crossSite = await browser.post(link, { _csrf: csrf, password: STRONG_PASSWORD, confirmation: STRONG_PASSWORD }, { origin: 'https://evil.example' })
  expect(crossSite.status).toBe(400)
  // another browser's token does not fit this browser's cookie
  const other = new FormClient(p.app.url)
  await other.get('/portal/signin')
  expect((await other.post(link, { _csrf: csrf, password: STRONG_PASSWORD, confirmation: STRONG_PASSWORD })).status).toBe(400)
  expect(await usersWithEmail(contact.email!)).toBe(0)
})

describe('rate limit per client address', () => {
  let limited: PortalApp
  beforeAll(async () => {
    limited = await startPortalApp({ PORTAL_INVITE_CHECKS_PER_IP_PER_HOUR: '3' })
  })
  afterAll(() => limited.app.close())

  test('opening and submitting links count together; past the limit: 429 with Retry-After, whatever the token', async () => {
    const browser = new FormClient(limited.app.url)
    const unknown = () => `/portal/invite/${crypto.randomBytes(32).toString('base64url')}`
    for (let i = 0; i < 3; i++) expect((await browser.get(unknown())).status).toBe(404)
    const page = await browser.get(unknown())
    expect(page.status).toBe(429)
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(page.html).toContain('Too many attempts')
  })
})
