// Factories and HTTP clients for the contacts suites: each test states only what matters to it.
import type { KeystoneContext } from '@keystone-6/core/types'
import type { TestApp } from './app'
import { createOrganization, createProperty, createStaff, createUser } from './factories'
import { gql, signIn, type GraphQLResponse } from './http'
import { PERMISSIONS } from '../../schema/shared/permissions'

let sequence = 0
const next = () => ++sequence

export type Client = (
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>
) => Promise<{ status: number; body: GraphQLResponse<any>; headers: Headers }>

/** A GraphQL client over HTTP signed in as `user` (factory users have the password 'password-123'). */
export async function clientFor(app: TestApp, user?: { email?: string | null }): Promise<Client> {
  if (!user) return (query, variables = {}, headers = {}) => gql(app.url, query, variables, headers)
  const { result } = await signIn(app.url, String(user.email), 'password-123')
  if (!result?.sessionToken) throw new Error(`could not sign in as ${user.email}`)
  const auth = { authorization: `Bearer ${result.sessionToken}` }
  return (query, variables = {}, headers = {}) => gql(app.url, query, variables, { ...auth, ...headers })
}

/** Unique valid US numbers for tests: +1 415 555 01xx is not valid, so use real-looking exchanges. */
export function usPhone(): string {
  return `+1415${String(2000000 + next()).padStart(7, '0')}`
}

export async function createContact(
  context: KeystoneContext<any>,
  data: { organization: string; property?: string; name?: string; phone?: string | null; email?: string | null; unitName?: string; type?: string; role?: string }
) {
  const { organization, property, role, ...rest } = data
  const type = rest.type ?? (property ? 'resident' : 'vendor')
  return context.sudo().db.Contact.createOne({
    data: {
      name: `Contact ${next()}`,
      type,
      ...(type === 'resident' ? { unitName: String(next()) } : {}),
      ...rest,
      organization: { connect: { id: organization } },
      ...(property ? { property: { connect: { id: property } } } : {}),
      ...(role ? { role: { connect: { id: role } } } : {}),
    },
  })
}

export const ALL_PERMISSIONS = [...PERMISSIONS]

/** The cast of an access matrix: every kind of caller, around one organization and its property. */
export async function contactWorld(context: KeystoneContext<any>) {
  const organization = await createOrganization(context, { country: 'US' })
  const otherOrganization = await createOrganization(context, { country: 'US' })
  const property = await createProperty(context, organization.id)
  const residentPhone = usPhone()
  const users = {
    anonymous: undefined,
    resident: await createUser(context, { type: 'resident', phone: residentPhone }),
    otherResident: await createUser(context, { type: 'resident', phone: usPhone() }),
    staffWithoutPermission: await createStaff(context, organization.id, []),
    staffWithPermission: await createStaff(context, organization.id, ['readContacts', 'manageContacts', 'manageContactIdentity']),
    otherOrganizationStaff: await createStaff(context, otherOrganization.id, ALL_PERMISSIONS),
    admin: await createUser(context, { isAdmin: true }),
  }
  return { organization, otherOrganization, property, residentPhone, users }
}

export type Caller = keyof Awaited<ReturnType<typeof contactWorld>>['users']
export const CALLERS: Caller[] = ['anonymous', 'resident', 'otherResident', 'staffWithoutPermission', 'staffWithPermission', 'otherOrganizationStaff', 'admin']

export const codeOf = (body: { errors?: { extensions?: { code?: string } }[] }) => body.errors?.[0]?.extensions?.code
