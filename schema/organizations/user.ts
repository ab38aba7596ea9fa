import { list } from '@keystone-6/core'
import { checkbox, password, relationship, select, text } from '@keystone-6/core/fields'
import { isAdmin, isSignedIn } from '../shared/access'
import { typedError } from '../shared/errors'
import { normalizeEmail, normalizeName, normalizePhone } from '../shared/normalize'
import type { Session } from '../shared/session'
import { backRelation } from '../shared/tenant'
import { emailUpdate, passwordUpdate, phoneFieldMode, phoneUpdate } from './user-self-service'

type Args = { session?: Session; item?: { id: string } }

/** Contact details: the user themself, staff (who only ever see colleagues) and admins. */
const contactDetailsReadable = {
  item: ({ session, item }: any) => !!session && (session.data?.type === 'staff' || session.data?.isAdmin || session.itemId === String(item.id)),
  // a filter would confirm a number or address across every user the caller can reach (directly or
  // through a relationship filter such as messages(where: { user: { phone } })): admins only
  filter: isAdmin,
  order: isAdmin,
}

/** Users see themselves and colleagues (employees of a shared organization); admins see all. */
function userFilter({ session }: Args) {
  if (!session) return false
  if (session.data?.isAdmin) return true
  return {
    OR: [
      { id: { equals: session.itemId } },
      ...(session.data?.type === 'staff'
        ? [{ employments: { some: { organization: { employees: { some: { user: { id: { equals: session.itemId } } } } } } } }]
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
    password: password({ access: { update: passwordUpdate } }),
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
  },
})
