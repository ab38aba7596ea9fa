// Sending an invitation: the first send creates the PortalInvitation, a resend rotates its token (the
// old link dies at once) and renews its expiry, at most N resends a day per contact. The email goes
// through the notification pipeline; it counts as sent when the provider accepts it (Message.sentAt).
// One pending invitation per contact is a unique key (pendingKey), so parallel sends cannot make two.
import type { KeystoneContext } from '@keystone-6/core/types'
import { isUniqueViolation } from '../../adapters/database/unique-violation'
import { invitationRefusal, type ContactRow } from '../../schema/portal'
import { typedError } from '../../schema/shared/errors'
import type { Locale } from '../../schema/shared/locale'
import type { Session } from '../../schema/shared/session'
import { sendMessage } from '../notifications'
import type { PortalLimiters } from './limits'
import { PORTAL_INVITATION, type PortalInvitationMeta } from './message-type'
import { hashInvitationToken, newInvitationToken } from './tokens'

export type InvitationDeps = {
  tokenKey: string
  ttlMs: number
  publicUrl: string
  limits: Pick<PortalLimiters, 'resend'>
  now: () => Date
}

/** The invitation's language: the organization's country decides (residents have no locale of their own yet). */
const RUSSIAN_SPEAKING = ['RU', 'BY', 'KZ', 'KG']
export const invitationLocale = (country: string | null | undefined): Locale => (RUSSIAN_SPEAKING.includes(String(country)) ? 'ru' : 'en')

export const stamp = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`

export const invitationUrl = (publicUrl: string, token: string) => `${publicUrl}/portal/invite/${token}`

const prismaOf = (context: KeystoneContext<any>) => context.sudo().prisma as any

/** The contact as the caller may see it, or CONTACT_NOT_FOUND (another organization's contact does not exist for them). */
async function visibleContact(context: KeystoneContext<any>, where: Record<string, unknown>): Promise<ContactRow & Record<string, any>> {
  const visible = await context.db.Contact.findOne({ where: where as any }).catch(() => null)
  if (!visible) throw typedError('CONTACT_NOT_FOUND', 'No such contact')
  // the stored row: the caller may not be allowed to read the email, the rule still needs it
  return prismaOf(context).contact.findUnique({ where: { id: String(visible.id) } })
}

export type SendOutcome = { invitationId: string; sent: boolean }

/**
 * Sends (or resends) the portal invitation of the contact `where` names, for the caller's session.
 * Refusals are typed errors: CONTACT_NOT_FOUND, PORTAL_INVITATION_FORBIDDEN, CONTACT_NOT_RESIDENT,
 * CONTACT_ARCHIVED, CONTACT_EMAIL_MISSING, CONTACT_HAS_PORTAL_USER, TOO_MANY_REQUESTS.
 */
export async function sendPortalInvitation(deps: InvitationDeps, context: KeystoneContext<any>, where: Record<string, unknown>): Promise<SendOutcome> {
  const contact = await visibleContact(context, where)
  const refusal = await invitationRefusal(context, contact)
  if (refusal) throw typedError(refusal.code, refusal.message)

  const prisma = prismaOf(context)
  const session = context.session as Session | undefined
  const now = deps.now()
  const token = newInvitationToken()
  const tokenHash = hashInvitationToken(deps.tokenKey, token)
  const expiresAt = new Date(now.getTime() + deps.ttlMs)
  const fresh = { tokenHash, queuedAt: now, expiresAt, messageId: null, invitedById: session?.itemId ?? null }

  let invitation = await prisma.portalInvitation.findUnique({ where: { pendingKey: contact.id } })
  if (invitation && invitation.email !== contact.email) {
    // the email changed and the revoking hook did not run (written around the API): never send the old link's successor elsewhere
    await revokePending(context, contact.id, 'emailChanged', now)
    invitation = null
  }
  if (invitation) {
    await deps.limits.resend(contact.id)
    // compare-and-set on the token: of two parallel resends one rotates and sends, the other does nothing
    const { count } = await prisma.portalInvitation.updateMany({
      where: { id: invitation.id, tokenHash: invitation.tokenHash, pendingKey: contact.id },
      data: { ...fresh, sendCount: { increment: 1 } },
    })
    if (count === 0) return { invitationId: invitation.id, sent: false }
    invitation = { ...invitation, sendCount: invitation.sendCount + 1 }
  } else {
    try {
      invitation = await prisma.portalInvitation.create({
        data: { ...fresh, organizationId: contact.organizationId, contactId: contact.id, email: contact.email, pendingKey: contact.id, sendCount: 1, createdAt: now },
      })
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      // a parallel send created it first: that one sends
      const winner = await prisma.portalInvitation.findUnique({ where: { pendingKey: contact.id } })
      if (!winner) throw error
      return { invitationId: winner.id, sent: false }
    }
  }

  const meta = await invitationMeta(context, contact, invitationUrl(deps.publicUrl, token), expiresAt)
  const organization = await prisma.organization.findUnique({ where: { id: contact.organizationId }, select: { country: true } })
  const message = await sendMessage(context.sudo(), {
    type: PORTAL_INVITATION,
    organizationId: contact.organizationId,
    to: { email: contact.email },
    meta,
    locale: invitationLocale(organization?.country),
    uniqKey: `portal-invitation-${invitation.id}-${invitation.sendCount}`,
  })
  // only if the token is still this send's (a later resend owns the invitation now)
  await prisma.portalInvitation.updateMany({ where: { id: invitation.id, tokenHash }, data: { messageId: message.id } })
  return { invitationId: invitation.id, sent: true }
}

async function invitationMeta(context: KeystoneContext<any>, contact: Record<string, any>, url: string, expiresAt: Date): Promise<PortalInvitationMeta> {
  const prisma = prismaOf(context)
  const [organization, property] = await Promise.all([
    prisma.organization.findUnique({ where: { id: contact.organizationId }, select: { name: true } }),
    contact.propertyId ? prisma.property.findUnique({ where: { id: contact.propertyId }, select: { name: true } }) : null,
  ])
  return {
    url,
    organizationName: organization?.name ?? '',
    propertyName: property?.name ?? '',
    unitName: contact.unitName ?? '',
    contactName: contact.name,
    expiresAt: stamp(expiresAt),
  }
}

export type RevokeReason = 'emailChanged' | 'archived' | 'staff'

/** Revokes the contact's pending invitation, if any: its link stops working at once. */
export async function revokePending(context: KeystoneContext<any>, contactId: string, reason: RevokeReason, now = new Date()) {
  const prisma = context.prisma as any
  const { count } = await prisma.portalInvitation.updateMany({
    where: { contactId, pendingKey: { not: null } },
    data: { revokedAt: now, revokedReason: reason, pendingKey: null },
  })
  return count as number
}
