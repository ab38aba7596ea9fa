// The portal's email + password check. Only resident accounts open the portal; a wrong password, an
// unknown email and an account without a password look the same, and take about the same time (the
// hash is computed either way), so the answer never tells whether an email has an account.
import type { KeystoneContext } from '@keystone-6/core/types'
import { getPasswordFieldKDF } from '@keystone-6/core/fields/types/password'
import { normalizeEmail } from '../../schema/shared/normalize'

export type CredentialCheck = { kind: 'resident'; userId: string } | { kind: 'staff' } | { kind: 'wrong' }

type Kdf = { hash(secret: string): Promise<string>; compare(secret: string, hash: string): Promise<boolean> }

function kdfOf(context: KeystoneContext<any>): Kdf {
  const kdf = getPasswordFieldKDF(context.graphql.schema, 'User', 'password') as Kdf | null
  if (!kdf) throw new Error('User.password is not a password field')
  return kdf
}

export async function checkCredentials(context: KeystoneContext<any>, rawEmail: string, password: string): Promise<CredentialCheck> {
  const kdf = kdfOf(context)
  const email = normalizeEmail(rawEmail ?? '')
  const user = email
    ? await (context.sudo().prisma as any).user.findUnique({ where: { email }, select: { id: true, type: true, isAdmin: true, password: true } })
    : null
  if (typeof user?.password !== 'string' || !password) {
    await kdf.hash('simulated-password-to-counter-timing-attack')
    return { kind: 'wrong' }
  }
  if (!(await kdf.compare(password, user.password))) return { kind: 'wrong' }
  // the right password for a staff account: say where staff sign in (they proved who they are)
  if (user.type !== 'resident' || user.isAdmin) return { kind: 'staff' }
  return { kind: 'resident', userId: user.id }
}

/** Whether `password` matches a stored User.password hash (the profile page asks for the current password). */
export function verifyPassword(context: KeystoneContext<any>, password: string, hash: string | null | undefined) {
  return typeof hash === 'string' ? kdfOf(context).compare(password, hash) : Promise.resolve(false)
}
