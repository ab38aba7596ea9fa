// Who may be invited, and by whom: the single action, the bulk action (each row succeeds or fails on its
// own, with its reason), the reason the Admin UI shows, and the item view's greyed-out button.
import { ALL_PERMISSIONS, clientFor, createContact, usPhone } from '../../harness/contacts'
import { createOrganization, createProperty, createStaff, createUser } from '../../harness/factories'
import { codeOf, invitationWorld, nextEmail, SEND, SEND_MANY, startPortalApp, type PortalApp } from './helpers'

let p: PortalApp
beforeAll(async () => {
  p = await startPortalApp()
})
afterAll(() => p.app.close())

/** One contact per rule, around one organization; each row names the refusal it must get. */
async function cases() {
  const { context } = p.app
  const world = await invitationWorld(context)
  const org = world.organization.id
  const property = world.property.id
  const resident = (data: Record<string, unknown> = {}) => createContact(context, { organization: org, property, email: nextEmail(), phone: usPhone(), ...data })
  const linkedUser = await createUser(context, { type: 'resident' })
  const contacts = {
    eligible: world.contact,
    vendor: await createContact(context, { organization: org, type: 'vendor', email: nextEmail() }),
    archived: await resident(),
    noEmail: await resident({ email: null }),
    linked: await resident(),
  }
  await context.sudo().db.Contact.updateOne({ where: { id: contacts.archived.id }, data: { archivedAt: new Date() } })
  await context.sudo().db.Contact.updateOne({ where: { id: contacts.linked.id }, data: { portalUser: { connect: { id: linkedUser.id } } } })
  return { world, contacts }
}

const REFUSED = {
  vendor: 'CONTACT_NOT_RESIDENT',
  archived: 'CONTACT_ARCHIVED',
  noEmail: 'CONTACT_EMAIL_MISSING',
  linked: 'CONTACT_HAS_PORTAL_USER',
} as const

const invitationsOf = (contactId: string) => (p.app.context.prisma as any).portalInvitation.count({ where: { contactId } })

describe('the single action', () => {
  test.each(Object.entries(REFUSED))('a %s contact is refused with %s, and nothing is sent', async (kind, code) => {
    const { world, contacts } = await cases()
    const staff = await clientFor(p.app, world.staff)
    const id = contacts[kind as keyof typeof contacts].id
    const res = await staff(SEND, { id })
    expect(codeOf(res.body)).toBe(code)
    expect(res.body.data.sendPortalInvitation).toBeNull()
    expect(await invitationsOf(id)).toBe(0)
  })

  test('staff without manageContacts: PORTAL_INVITATION_FORBIDDEN; staff of another organization: CONTACT_NOT_FOUND', async () => {
    const { world, contacts } = await cases()
    const readOnlyStaff = await createStaff(p.app.context, world.organization.id, ['readContacts'])
    const other = await createOrganization(p.app.context)
    const otherStaff = await createStaff(p.app.context, other.id, ALL_PERMISSIONS)
    expect(codeOf((await (await clientFor(p.app, readOnlyStaff))(SEND, { id: contacts.eligible.id })).body)).toBe('PORTAL_INVITATION_FORBIDDEN')
    expect(codeOf((await (await clientFor(p.app, otherStaff))(SEND, { id: contacts.eligible.id })).body)).toBe('CONTACT_NOT_FOUND')
    expect(await invitationsOf(contacts.eligible.id)).toBe(0)
  })

  test('anonymous and resident callers are refused by the action’s access', async () => {
    const { contacts } = await cases()
    const resident = await createUser(p.app.context, { type: 'resident' })
    for (const client of [await clientFor(p.app), await clientFor(p.app, resident)]) {
      expect(codeOf((await client(SEND, { id: contacts.eligible.id })).body)).toBe('KS_ACCESS_DENIED')
    }
    expect(await invitationsOf(contacts.eligible.id)).toBe(0)
  })

  test('staff holding manageContacts and admins send it', async () => {
    const { world } = await cases()
    // the provider holds its answer, so a fast worker (BullMQ) cannot have sent it before the answer is read
    const release = p.email.hold()
    try {
      const res = await (await clientFor(p.app, world.staff))(SEND, { id: world.contact.id })
      expect(res.body.errors).toBeUndefined()
      expect(res.body.data.sendPortalInvitation).toEqual({ id: world.contact.id, portalInvitationStatus: 'Queued for sending' })
    } finally {
      release()
    }

    const another = await invitationWorld(p.app.context)
    const admin = await createUser(p.app.context, { isAdmin: true })
    expect((await (await clientFor(p.app, admin))(SEND, { id: another.contact.id })).body.errors).toBeUndefined()
    expect(await invitationsOf(another.contact.id)).toBe(1)
  })
})

test('the bulk action invites the eligible rows and refuses each other row with its own reason', async () => {
  const { world, contacts } = await cases()
  const other = await invitationWorld(p.app.context) // another organization's contact, unseen by this staff
  const order = ['eligible', 'vendor', 'archived', 'noEmail', 'linked'] as const
  const ids = [...order.map(kind => contacts[kind].id), other.contact.id]
  const res = await (await clientFor(p.app, world.staff))(SEND_MANY, { data: ids.map(id => ({ where: { id } })) })
  expect(res.body.data.sendPortalInvitations.map((row: any) => row?.id ?? null)).toEqual([contacts.eligible.id, null, null, null, null, null])
  const codeAt = (index: number) => res.body.errors!.find((e: any) => e.path[1] === index)?.extensions?.code
  expect([1, 2, 3, 4, 5].map(codeAt)).toEqual([...order.slice(1).map(kind => REFUSED[kind as keyof typeof REFUSED]), 'CONTACT_NOT_FOUND'])
  expect(await Promise.all(ids.map(invitationsOf))).toEqual([1, 0, 0, 0, 0, 0])
})

test('the Admin UI reads why the action is greyed out, per contact and per caller, and the item view disables it', async () => {
  const { world, contacts } = await cases()
  const staff = await clientFor(p.app, world.staff)
  // archived contacts are listed only when the filter names archivedAt
  const everyContact = `{ id: { in: $ids }, OR: [{ archivedAt: { equals: null } }, { NOT: { archivedAt: { equals: null } } }] }`
  const res = await staff(`query($ids: [ID!]) { contacts(where: ${everyContact}) { id portalInvitationBlockedReason } }`, {
    ids: Object.values(contacts).map(c => c.id),
  })
  const reasons = Object.fromEntries(res.body.data.contacts.map((c: any) => [c.id, c.portalInvitationBlockedReason]))
  expect(reasons[contacts.eligible.id]).toBeNull()
  expect(reasons[contacts.vendor.id]).toBe('Only resident contacts can be invited to the portal')
  expect(reasons[contacts.archived.id]).toBe('The contact is archived; restore it first')
  expect(reasons[contacts.noEmail.id]).toBe('The contact has no email address')
  expect(reasons[contacts.linked.id]).toBe('The contact already has a portal account')

  const readOnlyStaff = await clientFor(p.app, await createStaff(p.app.context, world.organization.id, ['readContacts']))
  const forbidden = await readOnlyStaff(`query($id: ID!) { contact(where: { id: $id }) { portalInvitationBlockedReason } }`, { id: contacts.eligible.id })
  expect(forbidden.body.data.contact.portalInvitationBlockedReason).toMatch(/needs the manageContacts permission/)

  const ACTION_MODE = `query($id: ID!) { keystone { adminMeta { list(key: "Contact", itemId: $id) { actions { key itemView { actionMode } } } } } }`
  const modeFor = async (id: string) =>
    (await staff(ACTION_MODE, { id })).body.data.keystone.adminMeta.list.actions.find((a: any) => a.key === 'sendPortalInvitation').itemView.actionMode
  expect(await modeFor(contacts.eligible.id)).toBe('enabled')
  expect(await modeFor(contacts.linked.id)).toBe('disabled')
  expect(await modeFor(contacts.noEmail.id)).toBe('disabled')
})

test('the contacts list shows the invitation status as a column', async () => {
  const { world } = await cases()
  const staff = await clientFor(p.app, world.staff)
  const res = await staff(`{ keystone { adminMeta { list(key: "Contact") { initialColumns } } } }`)
  expect(res.body.data.keystone.adminMeta.list.initialColumns).toContain('portalInvitationStatus')
})
