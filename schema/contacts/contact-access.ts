// Who may do what with a Contact. List rules decide which contacts a session sees and may change;
// field rules guard the identity fields (name, phone, email) and the sensitive ones (phone, email).
import type { KeystoneContext } from '@keystone-6/core/types'
import { holdsPermission, isSignedIn, isStaff } from '../shared/access'
import { typedError } from '../shared/errors'
import type { Permission } from '../shared/permissions'
import { holdsPermissionEverywhere, holdsPermissionInRequest, organizationsEmploying, sessionPhone } from '../shared/request-cache'
import type { Session } from '../shared/session'

type Args = { session?: Session; context: KeystoneContext<any> & { session?: Session }; item?: any; inputData?: any }

function employeeHolding(session: Session, permissions: readonly Permission[]) {
  return {
    organization: {
      employees: {
        some: {
          user: { id: { equals: session.itemId } },
          ...(permissions.length ? { OR: permissions.map(p => ({ [p]: { equals: true } })) } : {}),
        },
      },
    },
  }
}

/** Staff see their organizations' contacts; a resident sees the contacts carrying their verified phone
 *  and the contacts linked to their account (a portal invitation they accepted). */
async function queryFilter({ session, context }: Args) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  // the organizations that employ them, by id from the request's employments (an IN the list's
  // indexes serve, where the relationship filter would be a subquery per row)
  if (session.data?.type === 'staff') return { organization: { id: { in: await organizationsEmploying(context) } } }
  if (session.data?.type === 'resident') {
    const phone = await sessionPhone(context)
    const linked = { portalUser: { id: { equals: session.itemId } } }
    return phone ? { OR: [{ phone: { equals: phone } }, linked] } : linked
  }
  return false
}

/** Updates need manageContacts or manageContactIdentity; the field rules below say which fields. */
function updateFilter({ session }: Args) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  return employeeHolding(session, ['manageContacts', 'manageContactIdentity'])
}

export const contactListAccess = {
  operation: {
    query: isSignedIn,
    create: isStaff,
    update: isStaff,
    delete: () => {
      throw typedError('CONTACT_DELETE_FORBIDDEN', 'Contacts are never deleted; archive the contact instead (archiveContact)')
    },
  },
  filter: { query: queryFilter, update: updateFilter },
  item: {
    create: ({ context, inputData }: Args) => holdsPermission(context, inputData?.organization?.connect?.id, 'manageContacts'),
  },
}

/** Field update rule: the session holds `permission` in the contact's organization (admins always). */
export function updatableWith(permission: Permission) {
  return ({ context, item }: Args) => holdsPermissionInRequest(context, item?.organizationId, permission)
}

/** Phone and email: staff of the contact's organization with readContacts, admins, and the resident
 *  whose verified phone is this contact's phone or whose account it is linked to. Everyone else reads null. */
export async function canReadContactDetails({ session, context, item }: Args): Promise<boolean> {
  if (!session) return false
  if (session.data?.isAdmin) return true
  if (session.data?.type === 'staff') return holdsPermissionInRequest(context, item?.organizationId, 'readContacts')
  if (session.data?.type === 'resident') {
    if (item?.portalUserId && String(item.portalUserId) === session.itemId) return true
    return !!item?.phone && (await sessionPhone(context)) === item.phone
  }
  return false
}

/** Filtering or sorting by phone/email would reveal them in every row the caller sees: staff see all their
 *  organizations' contacts, so they need readContacts in each (directly or through a relationship filter). */
const canFilterContactDetails = ({ context }: Args) => holdsPermissionEverywhere(context, 'readContacts')

export const contactDetailsAccess = {
  read: { item: canReadContactDetails, filter: canFilterContactDetails, order: canFilterContactDetails },
  update: updatableWith('manageContactIdentity'),
}

