// Opening and accepting an invitation link. Every answer is about the link only (unknown, used, revoked,
// expired, valid) and never about whether an email has an account. Accepting is one transaction that
// starts with a conditional update of the invitation, so a double submit opens one account:
//   take the invitation (acceptedAt set only where still pending, unexpired, with this token's hash)
//   → the account (new, or the person's existing resident account) with the email and the new password
//   → the contact linked to it → the Resident at the contact's unit → committed; the caller starts a session.
import type { KeystoneContext } from '@keystone-6/core/types'
import { chooseAccount, openAccount, registerAtUnit } from './accounts'
import { passwordProblems, type PasswordPolicy } from './password-policy'
import { hashInvitationToken, isTokenShaped } from './tokens'

export type AcceptDeps = { tokenKey: string; policy: PasswordPolicy; now: () => Date }

/** Whom a valid link is for: shown on the account setup page. */
export type InvitationView = {
  invitationId: string
  contactId: string
  email: string
  contactName: string
  organizationName: string
  propertyName: string
  unitName: string
}

export type LinkState =
  | { kind: 'unknown' }
  | { kind: 'used' }
  | { kind: 'revoked' }
  | { kind: 'expired' }
  | { kind: 'valid'; view: InvitationView }

export type AcceptResult =
  | Exclude<LinkState, { kind: 'valid' }>
  | { kind: 'weakPassword'; view: InvitationView; problems: string[] }
  /** The link is valid but the account cannot be settled online (see accounts.ts). */
  | { kind: 'needsHelp'; view: InvitationView }
  | { kind: 'accepted'; userId: string }

const prismaOf = (context: KeystoneContext<any>) => context.sudo().prisma as any

export async function openInvitationLink(deps: Pick<AcceptDeps, 'tokenKey' | 'now'>, context: KeystoneContext<any>, token: unknown): Promise<LinkState> {
  if (!isTokenShaped(token)) return { kind: 'unknown' }
  const prisma = prismaOf(context)
  const invitation = await prisma.portalInvitation.findUnique({ where: { tokenHash: hashInvitationToken(deps.tokenKey, token) } })
  if (!invitation) return { kind: 'unknown' }
  if (invitation.acceptedAt) return { kind: 'used' }
  if (invitation.revokedAt) return { kind: 'revoked' }
  if (invitation.expiresAt.getTime() <= deps.now().getTime()) return { kind: 'expired' }
  const contact = await prisma.contact.findUnique({ where: { id: invitation.contactId } })
  // the contact changed around the hooks that revoke (a direct database edit): the link no longer stands
  if (!contact || contact.archivedAt || contact.type !== 'resident' || contact.email !== invitation.email || !contact.propertyId || !contact.unitName) {
    return { kind: 'revoked' }
  }
  const [organization, property] = await Promise.all([
    prisma.organization.findUnique({ where: { id: invitation.organizationId }, select: { name: true } }),
    prisma.property.findUnique({ where: { id: contact.propertyId }, select: { name: true } }),
  ])
  return {
    kind: 'valid',
    view: {
      invitationId: invitation.id,
      contactId: contact.id,
      email: invitation.email,
      contactName: contact.name,
      organizationName: organization?.name ?? '',
      propertyName: property?.name ?? '',
      unitName: contact.unitName,
    },
  }
}

class Refused extends Error {
  constructor(readonly result: AcceptResult) {
    super(result.kind)
  }
}

export async function acceptInvitation(
  deps: AcceptDeps,
  context: KeystoneContext<any>,
  input: { token: unknown; password: string; confirmation: string }
): Promise<AcceptResult> {
  const state = await openInvitationLink(deps, context, input.token)
  if (state.kind !== 'valid') return state
  const { view } = state
  const problems = passwordProblems(deps.policy, input.password, input.confirmation, [view.email, view.contactName, view.organizationName])
  if (problems.length) return { kind: 'weakPassword', view, problems }

  const tokenHash = hashInvitationToken(deps.tokenKey, String(input.token))
  const now = deps.now()
  try {
    return await context.sudo().transaction(async tx => {
      const prisma = tx.prisma as any
      // the gate: one request takes the invitation; a parallel one finds nothing left to take
      const taken = await prisma.portalInvitation.updateMany({
        where: { id: view.invitationId, tokenHash, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { acceptedAt: now, pendingKey: null },
      })
      if (taken.count === 0) throw new Refused({ kind: 'used' })
      const contact = await prisma.contact.findUnique({ where: { id: view.contactId } })
      // the contact as it is now, inside the transaction: archived or re-addressed since the page was opened
      if (!contact || contact.archivedAt || contact.email !== view.email) throw new Refused({ kind: 'revoked' })
      const choice = await chooseAccount(prisma, contact, view.email)
      if (choice.kind === 'conflict') throw new Refused({ kind: 'needsHelp', view })
      const userId = await openAccount(tx, choice, { name: contact.name, email: view.email, password: input.password })
      // linked unless someone else's account was linked meanwhile
      const linked = await prisma.contact.updateMany({
        where: { id: contact.id, OR: [{ portalUserId: null }, { portalUserId: userId }] },
        data: { portalUserId: userId },
      })
      if (linked.count === 0) throw new Refused({ kind: 'needsHelp', view })
      await registerAtUnit(tx, userId, contact)
      await prisma.portalInvitation.update({ where: { id: view.invitationId }, data: { acceptedById: userId } })
      return { kind: 'accepted', userId } as const
    })
  } catch (error) {
    if (error instanceof Refused) return error.result
    throw error
  }
}
