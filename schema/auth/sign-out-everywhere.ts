// signOutEverywhere: a User list action (a GraphQL mutation and an Admin UI button) ending every session
// of a user. Admins may do it to anyone, a user to themself; nobody else.
import { action } from '@keystone-6/core'
import type { KeystoneContext } from '@keystone-6/core/types'
import { isSignedIn } from '../shared/access'
import { typedError } from '../shared/errors'
import type { Session } from '../shared/session'
import { revokeSessions } from './revoke'

type Ctx = KeystoneContext<any> & { session?: Session }

export const signOutEverywhere = action({
  access: isSignedIn,
  graphql: { singular: 'signOutEverywhere', plural: 'signOutEverywhereUsers' },
  async resolve({ where }, context: Ctx) {
    // read with the caller's rights: a user they cannot see does not exist for them
    const user = await context.db.User.findOne({ where })
    if (!user) throw typedError('USER_NOT_FOUND', 'No such user')
    if (!context.session?.data?.isAdmin && String(user.id) !== context.session?.itemId) {
      throw typedError('SIGN_OUT_FORBIDDEN', 'Only an admin can sign another user out')
    }
    await revokeSessions(context, String(user.id))
    return user
  },
  ui: {
    label: 'Sign out everywhere',
    icon: 'logOutIcon',
    messages: {
      promptTitle: 'Sign out everywhere',
      prompt: 'End every session of “{itemLabel}”? Each of their devices and browsers must sign in again.',
      promptConfirmLabel: 'Sign out everywhere',
      success: 'Every session of {singular} “{itemLabel}” ended',
      fail: 'Could not sign out {singular} “{itemLabel}”',
    },
    itemView: {
      actionMode: ({ session, item }: any) => (session?.data?.isAdmin || (item && String(item.id) === session?.itemId) ? 'enabled' : 'hidden'),
      navigation: 'refetch',
    },
    listView: { actionMode: 'hidden' },
  },
})
