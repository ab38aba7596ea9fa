// In the embedded mode (no email provider configured) the invitation email is recorded in the dev outbox,
// rendered by the real email channel (HTML and text, English or Russian by the organization's country).
import { clientFor, createContact } from '../../harness/contacts'
import { createOrganization, createProperty, createStaff } from '../../harness/factories'
import { drain } from '../notifications/fixtures'
import { FormClient, invitationWorld, nextEmail, SEND, startPortalApp, type PortalApp } from './helpers'

let p: PortalApp
beforeAll(async () => {
  p = await startPortalApp({}, { channels: 'env' })
})
afterAll(() => p.app.close())

const outboxFor = (address: string) => (p.app.context.prisma as any).devOutboxEntry.findMany({ where: { address } })

test('the invitation lands in the dev outbox with its link, organization, property and unit; the link opens the setup page', async () => {
  const world = await invitationWorld(p.app.context)
  expect((await (await clientFor(p.app, world.staff))(SEND, { id: world.contact.id })).body.errors).toBeUndefined()
  await drain(p.app)
  const [entry] = await outboxFor(world.contact.email!)
  expect(entry).toMatchObject({ channel: 'email', locale: 'en' })
  const { subject, text, html } = entry.content.content
  expect(subject).toBe('Maple Management invites you to the resident portal')
  for (const part of [text, html]) for (const fact of ['Tina Tenant', 'Maple Court', '12B']) expect(part).toContain(fact)
  expect(html).toMatch(/<a href="http:\/\/portal\.test\/portal\/invite\/[\w-]{43}">Create your account<\/a>/)
  const link = text.match(/http:\/\/portal\.test(\/portal\/invite\/[\w-]{43})/)[1]
  expect((await new FormClient(p.app.url).get(link)).status).toBe(200)
  // "sent" in the embedded mode: the dev outbox accepted it
  const invitation = await (p.app.context.prisma as any).portalInvitation.findFirst({ where: { contactId: world.contact.id } })
  expect((await (p.app.context.prisma as any).message.findUnique({ where: { id: invitation.messageId } })).status).toBe('sent')
})

test('an organization in Russia sends it in Russian', async () => {
  const { context } = p.app
  const organization = await createOrganization(context, { name: 'УК Клён', country: 'RU' })
  const property = await createProperty(context, organization.id, { name: 'Дом на Садовой' })
  const staff = await createStaff(context, organization.id, ['manageContacts'])
  const contact = await createContact(context, { organization: organization.id, property: property.id, name: 'Анна Петрова', unitName: '5', email: nextEmail(), phone: '+79161234567' })
  expect((await (await clientFor(p.app, staff))(SEND, { id: contact.id })).body.errors).toBeUndefined()
  await drain(p.app)
  const [entry] = await outboxFor(contact.email!)
  expect(entry.locale).toBe('ru')
  expect(entry.content.content.subject).toBe('УК Клён приглашает вас в личный кабинет жителя')
  expect(entry.content.content.text).toContain('Дом на Садовой, помещение 5')
})
