// Which account an accepted invitation opens: one person, one user. The candidates are the account
// already linked to the contact, the resident account with the contact's (verified) phone, and the
// account that already has the invitation's email. None: a new resident user. One resident: that one.
// Anything else (two different people, or a staff/service/admin account) cannot be settled by the
// person holding the link: the page asks them to contact the management, without saying why.
import type { KeystoneContext } from '@keystone-6/core/types'
import { normalizeName } from '../../schema/shared/normalize'

type UserRow = { id: string; type: string; isAdmin: boolean }
export type AccountChoice = { kind: 'new' } | { kind: 'existing'; userId: string } | { kind: 'conflict' }

const SELECT = { id: true, type: true, isAdmin: true }

export async function chooseAccount(
  prisma: any,
  contact: { portalUserId: string | null; phone: string | null },
  email: string
): Promise<AccountChoice> {
  const [linked, byPhone, byEmail]: (UserRow | null)[] = await Promise.all([
    contact.portalUserId ? prisma.user.findUnique({ where: { id: contact.portalUserId }, select: SELECT }) : null,
    // a phone on a resident account was verified by SMS; staff phones are not identities here
    contact.phone ? prisma.user.findFirst({ where: { phone: contact.phone, type: 'resident', isAdmin: false }, select: SELECT }) : null,
    prisma.user.findUnique({ where: { email }, select: SELECT }),
  ])
  const candidates = [linked, byPhone, byEmail].filter((user): user is UserRow => !!user)
  if (candidates.some(user => user.type !== 'resident' || user.isAdmin)) return { kind: 'conflict' }
  const ids = new Set(candidates.map(user => user.id))
  if (ids.size === 0) return { kind: 'new' }
  if (ids.size > 1) return { kind: 'conflict' }
  return { kind: 'existing', userId: [...ids][0] }
}

/** Creates the resident user, or gives the chosen one the invitation's email and the new password. */
export async function openAccount(tx: KeystoneContext<any>, choice: Exclude<AccountChoice, { kind: 'conflict' }>, data: { name: string; email: string; password: string }) {
  const sudo = tx.sudo()
  if (choice.kind === 'existing') {
    await sudo.db.User.updateOne({ where: { id: choice.userId }, data: { email: data.email, password: data.password } })
    return choice.userId
  }
  const user = await sudo.db.User.createOne({ data: { name: data.name, email: data.email, password: data.password, type: 'resident' } })
  return String(user.id)
}

/** The Resident row at the contact's unit (idempotent: one per user, property, unit and type). */
export async function registerAtUnit(tx: KeystoneContext<any>, userId: string, contact: { id: string; organizationId: string; propertyId: string; unitName: string; unitType: string | null }) {
  const sudo = tx.sudo()
  const unitType = contact.unitType ?? 'flat'
  const unitKey = normalizeName(contact.unitName).toLowerCase()
  const existing = await (tx.prisma as any).resident.findFirst({ where: { userId, propertyId: contact.propertyId, unitKey, unitType }, select: { id: true } })
  if (existing) return String(existing.id)
  const resident = await sudo.db.Resident.createOne({
    data: {
      user: { connect: { id: userId } },
      organization: { connect: { id: contact.organizationId } },
      property: { connect: { id: contact.propertyId } },
      unitName: contact.unitName,
      unitType,
      contact: { connect: { id: contact.id } },
    },
  })
  return String(resident.id)
}
