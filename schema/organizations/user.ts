import { list } from '@keystone-6/core'
import { checkbox, password, relationship, select, text } from '@keystone-6/core/fields'
import { isAdmin, isSignedIn, organizationFilter } from '../shared/access'
import { typedError } from '../shared/errors'
import { normalizeEmail, normalizeName, normalizePhone } from '../shared/normalize'
import type { Session } from '../shared/session'
import { backRelation } from '../shared/tenant'
import { emailUpdate, passwordUpdate, phoneFieldMode, phoneUpdate } from './user-self-service'

type Args = { session?: Session; item?: { id: string } }

/**
 * Contact details: the user themself, admins, and staff for colleagues. Staff also see the residents of
 * their organizations (their names), but a resident's phone and email only through the Contact of the
 * organization (readContactDetails there), never through the account.
 */
const contactDetailsReadable = {
  item: ({ session, item }: any) =>
    !!session && (session.data?.isAdmin || session.itemId === String(item.id) || (session.data?.type === 'staff' && item.type !== 'resident')),
  // a filter would confirm a number or address across every user the caller can reach (directly or
  // through a relationship filter such as messages(where: { user: { phone } })): admins only
  filter: isAdmin,
  order: isAdmin,
}

/**
 * Users see themselves; staff see colleagues (employees of a shared organization) and the users registered
 * as residents of an organization whose residents they may read (the Resident list's rule: readContacts
 * there); admins see all.
 */
async function userFilter(args: Args & { context: Parameters<ReturnType<typeof organizationFilter>>[0]['context'] }) {
  const { session } = args
  if (!session) return false
  if (session.data?.isAdmin) return true
  return {
    OR: [
      { id: { equals: session.itemId } },
      ...(session.data?.type === 'staff'
        ? [
            { employments: { some: { organization: { employees: { some: { user: { id: { equals: session.itemId } } } } } } } },
            { residences: { some: await organizationFilter('organization', 'readContacts')(args) } },
          ]
        : []),
    ],
  }
}

export const User = list({
  access: {
    operation: { query: isSignedIn, create: isAdmin, update: isSignedIn, delete: isAdmin },
    filter: { query: userFilter, update: ({ session }: Args) => (session?.data?.isAdmin ? true : { id: { equals: session!.itemId } }) },
  },
  ui: { labelField: 'name', listView: { initialColumns: ['name', 'email', 'phone', 'type', 'isAdmin'] } },
  fields: {
    name: text({
      validation: { isRequired: true },
      hooks: { resolveInput: ({ resolvedData }) => (typeof resolvedData.name === 'string' ? normalizeName(resolvedData.name) : resolvedData.name) },
    }),
    email: text({
      isIndexed: 'unique',
      db: { isNullable: true },
      access: { read: contactDetailsReadable, update: emailUpdate },
      hooks: {
        resolveInput: ({ resolvedData }) => {
          const raw = resolvedData.email
          if (raw === undefined || raw === null || raw === '') return raw === '' ? null : raw
          const email = normalizeEmail(raw)
          if (!email) throw typedError('WRONG_EMAIL_FORMAT', 'The email address is not valid')
          return email
        },
      },
    }),
    phone: text({
      isIndexed: 'unique',
      db: { isNullable: true },
      access: { read: contactDetailsReadable, update: phoneUpdate },
      ui: { itemView: { fieldMode: phoneFieldMode } },
      hooks: {
        resolveInput: ({ resolvedData }) => {
          const raw = resolvedData.phone
          if (raw === undefined || raw === null || raw === '') return raw === '' ? null : raw
          // users have no organization: the number must carry its country code
          const phone = normalizePhone(raw)
          if (!phone) throw typedError('WRONG_PHONE_FORMAT', 'The phone number is not valid; give it in international format, e.g. +14155552671')
          return phone
        },
      },
    }),
    // at least 10 characters (Keystone's default is 8) and not one of the most common passwords: the same
    // floor as the portal's PORTAL_PASSWORD_MIN_LENGTH default
    password: password({ access: { update: passwordUpdate }, validation: { length: { min: 10 }, rejectCommon: true } }),
    type: select({
      type: 'enum',
      options: [
        { label: 'Staff', value: 'staff' },
        { label: 'Resident', value: 'resident' },
        { label: 'Service', value: 'service' },
      ],
      defaultValue: 'staff',
      validation: { isRequired: true },
      access: { create: isAdmin, update: isAdmin },
    }),
    isAdmin: checkbox({ access: { create: isAdmin, update: isAdmin } }),
    employments: relationship(backRelation({ ref: 'OrganizationEmployee.user', many: true })),
    // where this user is registered as a resident (written by the registration flow, on the Resident side)
    residences: relationship(backRelation({ ref: 'Resident.user', many: true })),
  },
})
