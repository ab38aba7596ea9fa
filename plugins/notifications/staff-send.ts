// The checks shared by the staff mutations that send (sendMessage, broadcastMessage).
import type { KeystoneContext } from '@keystone-6/core/types'
import { holdsPermission } from '../../schema/shared/access'
import { typedError } from '../../schema/shared/errors'
import type { Permission } from '../../schema/shared/permissions'
import type { Session } from '../../schema/shared/session'
import { messageTypeOrThrow } from '../../tasks/delivery/send-message'
import { registryOf } from '../kernel'

export function signedIn(context: KeystoneContext<any>): Session {
  const session = context.session as Session | undefined
  if (!session) throw typedError('AUTHENTICATION_REQUIRED', 'Sign in first')
  return session
}

/** Signed in, holding `permission` in the organization, and the type is one staff may send. */
export async function assertStaffMaySend(context: KeystoneContext<any>, organizationId: string, permission: Permission, typeName: string) {
  signedIn(context)
  if (!(await holdsPermission(context, organizationId, permission))) {
    throw typedError('FORBIDDEN', `You need the ${permission} permission in this organization`)
  }
  const type = messageTypeOrThrow(registryOf(context), typeName)
  if (!(type.sendableByStaff ?? !type.secret)) {
    throw typedError('MESSAGE_TYPE_NOT_ALLOWED', `Messages of type ${type.type} are sent by the system only`)
  }
}
