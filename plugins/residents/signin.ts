// signinResidentUser: a verified, unused token becomes a session for the resident user of that phone.
import type { KeystoneContext } from '@keystone-6/core/types'
import { typedError } from '../../schema/shared/errors'
import { normalizeName } from '../../schema/shared/normalize'
import { consumeVerifiedToken, type VerificationDeps } from './verification'

async function findOrCreateResident(context: KeystoneContext<any>, phone: string, name?: string) {
  const sudo = context.sudo()
  const existing = await sudo.db.User.findOne({ where: { phone } })
  if (existing) {
    // an SMS code must never open a staff or service account
    if (existing.type !== 'resident' || existing.isAdmin) {
      throw typedError('NOT_A_RESIDENT_ACCOUNT', 'This phone belongs to a staff account: sign in with email and password')
    }
    return existing
  }
  try {
    return await sudo.db.User.createOne({ data: { phone, name: normalizeName(name || '') || 'Resident', type: 'resident' } })
  } catch (error) {
    // another sign-in for the same phone created it first (unique phone)
    const created = await sudo.db.User.findOne({ where: { phone } })
    if (created) return created
    throw error
  }
}

export async function signinResidentUser(deps: Pick<VerificationDeps, 'now'>, context: KeystoneContext<any>, token: string, name?: string) {
  if (!context.sessionStrategy) throw new Error('No session strategy configured')
  const phone = await consumeVerifiedToken(deps, context, token)
  const user = await findOrCreateResident(context, phone, name)
  const sessionToken = await context.sessionStrategy.start({ data: { listKey: 'User', itemId: user.id }, context })
  return { sessionToken: sessionToken as string, item: user }
}
