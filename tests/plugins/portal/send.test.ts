// Sending, resending and revoking invitations: the token exists only in the email, "sent" is the
// provider's acceptance, a resend rotates the link (at most 3 a day), and a changed email or an archived
// contact revokes the pending invitation.
import crypto from 'node:crypto'
import { ALL_PERMISSIONS, clientFor } from '../../harness/contacts'
import { TEST_SESSION_SECRET } from '../../harness/app'
import { createOrganization, createStaff, createUser } from '../../harness/factories'
import { drain } from '../notifications/fixtures'
import { codeOf, FormClient, invitationWorld, nextEmail, SEND, startPortalApp, type PortalApp } from './helpers'

let p: PortalApp
beforeAll(async () => {
  p = await startPortalApp()
})
afterAll(() => p.app.close())

const prisma = () => p.app.context.prisma as any
const invitationOf = (contactId: string) => prisma().portalInvitation.findFirst({ where: { contactId }, orderBy: { createdAt: 'desc' } })
const tokenOf = (link: string) => link.split('/').at(-1)!
const HISTORY = `query($id: ID!) { contact(where: { id: $id }) { portalInvitationStatus portalInvitations(orderBy: { createdAt: asc }) { email status sendCount sentAt queuedAt expiresAt revokedReason invitedBy { id } } } }`

async function sentInvitation() {
  const world = await invitationWorld(p.app.context)
  const staff = await clientFor(p.app, world.staff)
  const res = await staff(SEND, { id: world.contact.id })
  expect(res.body.errors).toBeUndefined()
  return { ...world, client: staff, link: await p.linkTo(world.contact.email!) }
}

test('the token is stored only as an HMAC: not in the invitation, not in the delivered message, not in the API', async () => {
  const { contact, link } = await sentInvitation()
  const token = tokenOf(link)
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/) // 256 bits
  const invitation = await invitationOf(contact.id)
  const key = crypto.createHmac('sha256', TEST_SESSION_SECRET).update('portal-invitation-token').digest('hex')
  expect(invitation.tokenHash).toBe(crypto.createHmac('sha256', key).update(token).digest('hex'))
  expect(JSON.stringify(invitation)).not.toContain(token)
  // the email's message is secret: its meta (the link) is scrubbed once delivered
  const message = await prisma().message.findUnique({ where: { id: invitation.messageId } })
  expect(message).toMatchObject({ type: 'PORTAL_INVITATION', status: 'sent', isSecret: true, meta: null })
  expect(JSON.stringify(message)).not.toContain(token)
  const admin = await clientFor(p.app, await createUser(p.app.context, { isAdmin: true }))
  const res = await admin(`query($id: ID!) { portalInvitation(where: { id: $id }) { tokenHash } }`, { id: invitation.id })
  expect(codeOf(res.body)).toBe('GRAPHQL_VALIDATION_FAILED')
})

test('sent is recorded when the email provider accepts the message, not when it is queued', async () => {
  const world = await invitationWorld(p.app.context)
  const staff = await clientFor(p.app, world.staff)
  const release = p.email.hold()
  try {
    await staff(SEND, { id: world.contact.id })
    await new Promise(resolve => setTimeout(resolve, 300)) // the delivery run reaches the provider and waits
    const queued = (await staff(HISTORY, { id: world.contact.id })).body.data.contact
    expect(queued.portalInvitationStatus).toBe('Queued for sending')
    expect(queued.portalInvitations).toEqual([expect.objectContaining({ status: 'queued', sentAt: null, sendCount: 1, invitedBy: { id: world.staff.id } })])
    expect(queued.portalInvitations[0].queuedAt).not.toBeNull()
  } finally {
    release()
  }
  await drain(p.app)
  const sent = (await staff(HISTORY, { id: world.contact.id })).body.data.contact
  const message = await prisma().message.findUnique({ where: { id: (await invitationOf(world.contact.id)).messageId } })
  expect(sent.portalInvitations[0]).toMatchObject({ status: 'sent', sentAt: message.sentAt.toISOString(), email: world.contact.email })
  expect(sent.portalInvitationStatus).toBe(`Sent ${message.sentAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`)
})

test('a provider that refuses the email leaves the invitation unsent: staff read "not delivered"', async () => {
  const world = await invitationWorld(p.app.context)
  const staff = await clientFor(p.app, world.staff)
  const { PermanentTransportError } = await import('../../../adapters/transport/types')
  p.email.failWith(new PermanentTransportError('mailbox unavailable'))
  await staff(SEND, { id: world.contact.id })
  await drain(p.app)
  const contact = (await staff(HISTORY, { id: world.contact.id })).body.data.contact
  expect(contact.portalInvitations[0]).toMatchObject({ status: 'notDelivered', sentAt: null })
  expect(contact.portalInvitationStatus).toBe('Not delivered (see the message trace)')
})

test('a resend rotates the token: the old link stops working, the new one works, the expiry is renewed', async () => {
  const { contact, client, link } = await sentInvitation()
  const before = await invitationOf(contact.id)
  await new Promise(resolve => setTimeout(resolve, 20))
  expect((await client(SEND, { id: contact.id })).body.errors).toBeUndefined()
  const second = await p.linkTo(contact.email!)
  expect(second).not.toBe(link)
  const after = await invitationOf(contact.id)
  expect(after).toMatchObject({ id: before.id, sendCount: 2 })
  expect(after.tokenHash).not.toBe(before.tokenHash)
  expect(after.expiresAt.getTime()).toBeGreaterThan(before.expiresAt.getTime())
  const browser = new FormClient(p.app.url)
  expect((await browser.get(link)).status).toBe(404)
  expect((await browser.get(second)).status).toBe(200)
})

test('at most 3 resends a day per contact; the 4th is refused and changes nothing', async () => {
  const { contact, client } = await sentInvitation()
  for (let i = 0; i < 3; i++) expect((await client(SEND, { id: contact.id })).body.errors).toBeUndefined()
  await drain(p.app)
  const before = await invitationOf(contact.id)
  const emailsBefore = p.email.sent.filter(s => s.address === contact.email).length
  expect(emailsBefore).toBe(4)
  const refused = await client(SEND, { id: contact.id })
  expect(codeOf(refused.body)).toBe('TOO_MANY_REQUESTS')
  expect((refused.body.errors![0].extensions as any).retryAfter).toBeGreaterThan(0)
  await drain(p.app)
  expect(await invitationOf(contact.id)).toEqual(before)
  expect(p.email.sent.filter(s => s.address === contact.email).length).toBe(emailsBefore)
})

test('parallel sends to one contact keep one invitation, and only the last email’s link works', async () => {
  const world = await invitationWorld(p.app.context)
  const staff = await clientFor(p.app, world.staff)
  const results = await Promise.all(Array.from({ length: 4 }, () => staff(SEND, { id: world.contact.id })))
  expect(results.every(res => !res.body.errors || codeOf(res.body) === 'TOO_MANY_REQUESTS')).toBe(true)
  expect(await prisma().portalInvitation.count({ where: { contactId: world.contact.id } })).toBe(1)
  await drain(p.app)
  const links = p.email.sent.filter(s => s.address === world.contact.email).map(s => String(s.content.text).match(/\/portal\/invite\/[\w-]+/)![0])
  const browser = new FormClient(p.app.url)
  const statuses = await Promise.all(links.map(link => browser.get(link).then(page => page.status)))
  expect(statuses.filter(status => status === 200)).toHaveLength(1)
})

test('changing the contact’s email revokes the pending invitation; the next send goes to the new address', async () => {
  const { contact, client, link } = await sentInvitation()
  const identityStaff = await clientFor(p.app, await createStaff(p.app.context, contact.organizationId!, ['readContacts', 'manageContacts', 'manageContactIdentity']))
  const newEmail = nextEmail('moved')
  const update = await identityStaff(`mutation($id: ID!, $email: String) { updateContact(where: { id: $id }, data: { email: $email }) { id } }`, { id: contact.id, email: newEmail })
  expect(update.body.errors).toBeUndefined()
  const revoked = await invitationOf(contact.id)
  expect(revoked).toMatchObject({ revokedReason: 'emailChanged', pendingKey: null })
  expect(revoked.revokedAt).not.toBeNull()
  const page = await new FormClient(p.app.url).get(link)
  expect(page.status).toBe(410)
  expect(page.html).toContain('no longer valid')
  expect(page.html).not.toContain('<form method="post" action="/portal/invite')

  expect((await client(SEND, { id: contact.id })).body.errors).toBeUndefined()
  expect(await p.linkTo(newEmail)).toMatch(/^\/portal\/invite\//)
  const history = (await client(HISTORY, { id: contact.id })).body.data.contact.portalInvitations
  expect(history.map((h: any) => [h.email, h.status])).toEqual([
    [contact.email, 'revoked'],
    [newEmail, 'sent'],
  ])
})

test('archiving the contact revokes the pending invitation', async () => {
  const { contact, client, link } = await sentInvitation()
  expect((await client(`mutation($id: ID!) { archiveContact(where: { id: $id }) { id } }`, { id: contact.id })).body.errors).toBeUndefined()
  expect(await invitationOf(contact.id)).toMatchObject({ revokedReason: 'archived', pendingKey: null })
  expect((await new FormClient(p.app.url).get(link)).status).toBe(410)
})

describe('revokePortalInvitation', () => {
  const REVOKE = `mutation($id: ID!) { revokePortalInvitation(id: $id) { status revokedReason } }`

  test('staff with manageContacts revoke; the link stops working', async () => {
    const { contact, client, link } = await sentInvitation()
    const invitation = await invitationOf(contact.id)
    const res = await client(REVOKE, { id: invitation.id })
    expect(res.body.data.revokePortalInvitation).toEqual({ status: 'revoked', revokedReason: 'staff' })
    expect((await new FormClient(p.app.url).get(link)).status).toBe(410)
    expect(codeOf((await client(REVOKE, { id: invitation.id })).body)).toBe('PORTAL_INVITATION_NOT_PENDING')
  })

  test.each([
    ['staff without manageContacts', 'PORTAL_INVITATION_FORBIDDEN'],
    ['staff of another organization', 'PORTAL_INVITATION_NOT_FOUND'],
    ['a resident', 'PORTAL_INVITATION_NOT_FOUND'],
  ])('%s: %s, and the invitation stays pending', async (who, code) => {
    const { contact } = await sentInvitation()
    const invitation = await invitationOf(contact.id)
    const user =
      who === 'a resident'
        ? await createUser(p.app.context, { type: 'resident' })
        : who === 'staff without manageContacts'
          ? await createStaff(p.app.context, contact.organizationId!, ['readContacts'])
          : await createStaff(p.app.context, (await createOrganization(p.app.context)).id, ALL_PERMISSIONS)
    const res = await (await clientFor(p.app, user))(REVOKE, { id: invitation.id })
    expect(codeOf(res.body)).toBe(code)
    expect((await invitationOf(contact.id)).pendingKey).toBe(contact.id)
  })
})

test('the history is for staff of the organization: residents and other organizations read nothing', async () => {
  const { contact } = await sentInvitation()
  const LIST = `query($id: ID!) { portalInvitations(where: { contact: { id: { equals: $id } } }) { id } }`
  const resident = await clientFor(p.app, await createUser(p.app.context, { type: 'resident' }))
  const otherStaff = await clientFor(p.app, await createStaff(p.app.context, (await createOrganization(p.app.context)).id, ALL_PERMISSIONS))
  const noPermission = await clientFor(p.app, await createStaff(p.app.context, contact.organizationId!, []))
  for (const client of [resident, otherStaff, noPermission]) expect((await client(LIST, { id: contact.id })).body.data.portalInvitations).toEqual([])
  const reader = await clientFor(p.app, await createStaff(p.app.context, contact.organizationId!, ['readContacts']))
  expect((await reader(LIST, { id: contact.id })).body.data.portalInvitations).toHaveLength(1)
  // the address is the contact's: staff who may not read contact details read it as null
  const EMAILS = `query($id: ID!) { portalInvitations(where: { contact: { id: { equals: $id } } }) { email } }`
  expect((await reader(EMAILS, { id: contact.id })).body.data.portalInvitations).toEqual([{ email: contact.email }])
  const manager = await clientFor(p.app, await createStaff(p.app.context, contact.organizationId!, ['manageContacts']))
  expect((await manager(EMAILS, { id: contact.id })).body.data.portalInvitations).toEqual([{ email: null }])
  // and filtering or ordering by it is a read of it (sensitive filters): refused to them, not to readers
  const BY_EMAIL = `query($email: String!) { portalInvitations(where: { email: { equals: $email } }) { id } }`
  expect(codeOf((await manager(BY_EMAIL, { email: contact.email })).body)).toBe('KS_ACCESS_DENIED')
  expect(codeOf((await manager(`{ portalInvitations(orderBy: { email: asc }) { id } }`)).body)).toBe('KS_ACCESS_DENIED')
  expect((await reader(BY_EMAIL, { email: contact.email })).body.data.portalInvitations).toHaveLength(1)
  expect((await resident(BY_EMAIL, { email: contact.email })).body.data.portalInvitations).toEqual([])
  // nobody writes invitations through the API
  expect(codeOf((await reader(`mutation { createPortalInvitation(data: {}) { id } }`)).body)).toBe('KS_ACCESS_DENIED')
  expect(codeOf((await reader(`mutation($id: ID!) { updatePortalInvitation(where: { id: $id }, data: { email: "x@example.org" }) { id } }`, { id: (await invitationOf(contact.id)).id })).body)).toBe('KS_ACCESS_DENIED')
})
