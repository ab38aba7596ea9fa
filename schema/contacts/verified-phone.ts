// A resident's User.phone is their verified phone: it opens their contact's phone and email to them
// (canReadContactDetails). So a resident may not change it through the API; phone verification
// (residents plugin) sets it with a sudo context and no resident session.
import { typedError } from '../shared/errors'
import type { Session } from '../shared/session'

export function guardVerifiedPhone({ operation, resolvedData, item, context }: any) {
  if (operation !== 'update' || resolvedData.phone === undefined) return
  const session = context.session as Session | undefined
  if (!session || session.data?.isAdmin || session.data?.type !== 'resident') return
  if (resolvedData.phone === item.phone) return
  throw typedError('USER_PHONE_CHANGE_FORBIDDEN', 'A resident’s phone changes only through phone verification')
}
