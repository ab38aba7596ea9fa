// An organization with two properties, a contact role, and residents reached in each way the audience
// rules know: a registration at a unit, a resident contact linked to the account, an archived contact;
// plus a resident of another organization and the staff. Shared by the broadcast suites.
import type { KeystoneContext } from '@keystone-6/core/types'
import { createContact } from '../../harness/contacts'
import { createOrganization, createProperty, createStaff, createUser } from '../../harness/factories'

const connect = (id: string) => ({ connect: { id } })

export async function broadcastWorld(context: KeystoneContext<any>) {
  const sudo = context.sudo()
  const org = await createOrganization(context)
  const other = await createOrganization(context)
  const [p1, p2] = [await createProperty(context, org.id, { name: 'North' }), await createProperty(context, org.id, { name: 'South' })]
  const role = await sudo.db.ContactRole.createOne({ data: { name: 'Owner', organization: connect(org.id) } })
  const resident = () => createUser(context, { type: 'resident' })
  const register = async (user: { id: string }, organizationId: string, propertyId: string, unitType: string, contactId?: string) =>
    sudo.db.Resident.createOne({
      data: { user: connect(user.id), organization: connect(organizationId), property: connect(propertyId), unitName: `${Math.random()}`.slice(2, 8), unitType, ...(contactId ? { contact: connect(contactId) } : {}) },
    })
  const linkContact = async (user: { id: string }, data: { property: string; role?: string; unitType?: string }) => {
    const contact = await createContact(context, { organization: org.id, property: data.property, role: data.role, type: 'resident', unitName: '9' })
    await (context.prisma as any).contact.update({ where: { id: contact.id }, data: { portalUserId: user.id, unitType: data.unitType ?? 'flat' } })
    return contact
  }
  const archive = (contactId: string) => (context.prisma as any).contact.update({ where: { id: contactId }, data: { archivedAt: new Date() } })

  const u1 = await resident() // North, flat, registered without a contact
  const r1 = await register(u1, org.id, p1.id, 'flat')
  const u2 = await resident() // South, flat
  const r2 = await register(u2, org.id, p2.id, 'flat')
  const u3 = await resident() // North, parking, through an Owner contact
  const c3 = await linkContact(u3, { property: p1.id, role: role.id, unitType: 'parking' })
  const r3 = await register(u3, org.id, p1.id, 'parking', c3.id)
  const u4 = await resident() // South, commercial: an Owner contact linked to the account, no registration
  await linkContact(u4, { property: p2.id, role: role.id, unitType: 'commercial' })
  const u5 = await resident() // North, flat, but its contact is archived
  const c5 = await linkContact(u5, { property: p1.id })
  const r5 = await register(u5, org.id, p1.id, 'flat', c5.id)
  await archive(c5.id)
  const u6 = await resident() // only an archived contact
  await archive((await linkContact(u6, { property: p2.id, role: role.id })).id)
  const outsider = await resident() // another organization's resident
  const otherProperty = await createProperty(context, other.id)
  await register(outsider, other.id, otherProperty.id, 'flat')

  return {
    org,
    other,
    properties: { north: p1, south: p2 },
    role,
    residents: { u1, u2, u3, u4, u5, u6, outsider },
    registrations: { u1: r1, u2: r2, u3: r3, u5: r5 },
    staff: {
      with: await createStaff(context, org.id, ['broadcast', 'readContacts']), // picking residents means reading them
      without: await createStaff(context, org.id, ['manageMessages', 'readContacts']),
      other: await createStaff(context, other.id, ['broadcast']),
    },
    admin: await createUser(context, { isAdmin: true }),
  }
}

export type BroadcastWorld = Awaited<ReturnType<typeof broadcastWorld>>
