import crypto from 'node:crypto'
import type { KeystoneContext } from '@keystone-6/core/types'

type SeedOptions = { email?: string; password?: string; log?: (line: string) => void }

/** On an empty database, creates the first admin; a generated password is printed once, never stored in clear. */
export async function seedAdmin(context: KeystoneContext<any>, options: SeedOptions) {
  const sudo = context.sudo()
  if ((await sudo.db.User.count({ where: { isAdmin: { equals: true } } })) > 0) return
  const email = (options.email || 'admin@example.com').trim().toLowerCase()
  const password = options.password || crypto.randomBytes(12).toString('base64url')
  try {
    await sudo.db.User.createOne({ data: { name: 'Administrator', email, password, type: 'staff', isAdmin: true } })
  } catch (error) {
    // another process seeded first (unique email); that admin stands
    if ((await sudo.db.User.count({ where: { isAdmin: { equals: true } } })) > 0) return
    throw error
  }
  const log = options.log ?? console.log
  log(
    options.password
      ? `Created the first admin: ${email} (password from ADMIN_PASSWORD)`
      : `Created the first admin: ${email} / ${password}  (shown once; change it after signing in)`
  )
}
