// A new password for an existing user (`npm run admin:reset-password`). ADMIN_PASSWORD only seeds an
// empty database, so without this a forgotten development password meant deleting the database.
import crypto from 'node:crypto'
import type { KeystoneContext } from '@keystone-6/core/types'
import { normalizeEmail } from '../../schema/shared/normalize'

export class ResetPasswordError extends Error {
  name = 'ResetPasswordError'
}

/** 16 characters of base64url: 96 random bits, as the first admin's generated password. */
export function generatePassword(): string {
  return crypto.randomBytes(12).toString('base64url')
}

/** Sets a generated password on the user with this email (stored hashed by the password field). */
export async function resetPassword(context: KeystoneContext<any>, rawEmail: string) {
  const email = normalizeEmail(rawEmail)
  if (!email) throw new ResetPasswordError(`"${rawEmail}" is not an email address`)
  const sudo = context.sudo()
  const user = await sudo.db.User.findOne({ where: { email } })
  if (!user) {
    const admins = await sudo.db.User.findMany({ where: { isAdmin: { equals: true } }, orderBy: { email: 'asc' }, take: 10 })
    const known = admins.map(admin => admin.email).filter(Boolean)
    throw new ResetPasswordError(`No user has the email ${email}${known.length ? ` (admins: ${known.join(', ')})` : ' (the database has no admin yet: start the server once to seed one)'}`)
  }
  const password = generatePassword()
  await sudo.db.User.updateOne({ where: { id: user.id }, data: { password } })
  return { email, password, isAdmin: !!user.isAdmin }
}
