// Staff send only to people their organization deals with: its employees, the residents registered at its
// properties, its contacts (by phone or email) and the users those contacts are (a resident's verified phone).
// A recipient outside it, or one that does not exist, gets one and the same answer, so the API does not
// tell whether a user id, phone or email is known elsewhere. System code (verification codes, invitations)
// calls sendMessage directly and is not limited by this.
import type { KeystoneContext } from '@keystone-6/core/types'
import { typedError } from '../../schema/shared/errors'
import { normalizeEmail, normalizePhone } from '../../schema/shared/normalize'

export type Recipient = { userId?: string | null; phone?: string | null; email?: string | null }

const CHUNK = 1000

async function inChunks<T>(values: string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = []
  for (let i = 0; i < values.length; i += CHUNK) out.push(...(await read(values.slice(i, i + CHUNK))))
  return out
}

/** The subset of the given user ids, phones and emails that belong to the organization. */
async function knownInOrganization(prisma: any, organizationId: string, ids: string[], phones: string[], emails: string[]) {
  const liveContact = { organizationId, archivedAt: null }
  const users = new Set<string>()
  const employees = await inChunks(ids, chunk => prisma.organizationEmployee.findMany({ where: { organizationId, userId: { in: chunk } }, select: { userId: true } }))
  const residents = await inChunks(ids, chunk => prisma.resident.findMany({ where: { organizationId, userId: { in: chunk } }, select: { userId: true } }))
  for (const row of [...employees, ...residents] as { userId: string }[]) users.add(row.userId)
  // the rest may be people a contact stands for: a user whose verified phone is a contact's phone
  const others = ids.filter(id => !users.has(id))
  const withPhones = (await inChunks(others, chunk => prisma.user.findMany({ where: { id: { in: chunk }, phone: { not: null } }, select: { id: true, phone: true } }))) as { id: string; phone: string }[]
  const contactPhones = new Set(
    ((await inChunks(withPhones.map(u => u.phone), chunk => prisma.contact.findMany({ where: { ...liveContact, phone: { in: chunk } }, select: { phone: true } }))) as { phone: string }[]).map(c => c.phone)
  )
  for (const user of withPhones) if (contactPhones.has(user.phone)) users.add(user.id)

  const byPhone = async (chunk: string[]) => [
    ...(await prisma.contact.findMany({ where: { ...liveContact, phone: { in: chunk } }, select: { phone: true } })),
    ...(await prisma.organizationEmployee.findMany({ where: { organizationId, user: { phone: { in: chunk } } }, select: { user: { select: { phone: true } } } })).map((e: any) => e.user),
    ...(await prisma.resident.findMany({ where: { organizationId, user: { phone: { in: chunk } } }, select: { user: { select: { phone: true } } } })).map((r: any) => r.user),
  ]
  const byEmail = async (chunk: string[]) => [
    ...(await prisma.contact.findMany({ where: { ...liveContact, email: { in: chunk } }, select: { email: true } })),
    ...(await prisma.organizationEmployee.findMany({ where: { organizationId, user: { email: { in: chunk } } }, select: { user: { select: { email: true } } } })).map((e: any) => e.user),
    ...(await prisma.resident.findMany({ where: { organizationId, user: { email: { in: chunk } } }, select: { user: { select: { email: true } } } })).map((r: any) => r.user),
  ]
  const knownPhones = new Set(((await inChunks(phones, byPhone)) as { phone: string }[]).map(row => row.phone))
  const knownEmails = new Set(((await inChunks(emails, byEmail)) as { email: string }[]).map(row => row.email))
  return { users, phones: knownPhones, emails: knownEmails }
}

export function recipientNotFound(index?: number) {
  const prefix = index === undefined ? '' : `Message ${index}: `
  return typedError('RECIPIENT_NOT_FOUND', `${prefix}No such recipient in this organization (a resident, contact or employee of it)`, index === undefined ? {} : { index })
}

/**
 * Throws RECIPIENT_NOT_FOUND (with `index` when `indexed`) for the first recipient that does not belong to
 * the organization. Malformed phones and emails are left for the send itself to refuse with its own code.
 */
export async function assertRecipientsInOrganization(context: KeystoneContext<any>, organizationId: string, recipients: readonly Recipient[], indexed = false) {
  const normalized = recipients.map(to => ({
    userId: to.userId ? String(to.userId) : null,
    phone: to.phone ? normalizePhone(String(to.phone)) : null,
    email: to.email ? normalizeEmail(String(to.email)) : null,
    malformed: (!!to.phone && !normalizePhone(String(to.phone))) || (!!to.email && !normalizeEmail(String(to.email))),
  }))
  const unique = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => !!v))]
  const known = await knownInOrganization(
    context.sudo().prisma,
    organizationId,
    unique(normalized.map(r => r.userId)),
    unique(normalized.map(r => r.phone)),
    unique(normalized.map(r => r.email))
  )
  normalized.forEach((to, index) => {
    if (to.malformed) return
    const ok = (to.userId && known.users.has(to.userId)) || (to.phone && known.phones.has(to.phone)) || (to.email && known.emails.has(to.email))
    if (!ok && (to.userId || to.phone || to.email)) throw recipientNotFound(indexed ? index : undefined)
  })
}
