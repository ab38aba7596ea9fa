import { list } from '@keystone-6/core'
import { relationship, text } from '@keystone-6/core/fields'
import { employeeOf, isAdmin, isSignedIn } from '../shared/access'
import { typedError } from '../shared/errors'
import { backRelation } from '../shared/tenant'
import { isCountryCode } from '../shared/normalize'
import type { Session } from '../shared/session'

type Args = { session?: Session }

export const Organization = list({
  access: {
    operation: { query: isSignedIn, create: isAdmin, update: isSignedIn, delete: isAdmin },
    filter: {
      query: ({ session }: Args) => (session?.data?.isAdmin ? true : session?.data?.type === 'staff' ? employeeOf(session) : false),
      update: ({ session }: Args) => (session?.data?.isAdmin ? true : employeeOf(session!, 'manageEmployees')),
    },
  },
  ui: { listView: { initialColumns: ['name', 'country'] } },
  fields: {
    name: text({ validation: { isRequired: true } }),
    country: text({
      validation: { isRequired: true },
      ui: { description: 'ISO 3166-1 alpha-2 code (e.g. US, RU); the default region for phone numbers' },
      hooks: {
        resolveInput: ({ resolvedData }) => {
          const raw = resolvedData.country
          if (typeof raw !== 'string') return raw
          const country = raw.trim().toUpperCase()
          if (!isCountryCode(country)) throw typedError('WRONG_COUNTRY_CODE', `"${raw}" is not an ISO 3166-1 alpha-2 country code`)
          return country
        },
      },
    }),
    employees: relationship(backRelation({ ref: 'OrganizationEmployee.organization', many: true, ui: { displayMode: 'count', itemView: { fieldMode: 'read' } } })),
    properties: relationship(backRelation({ ref: 'Property.organization', many: true, ui: { displayMode: 'count', itemView: { fieldMode: 'read' } } })),
  },
})
