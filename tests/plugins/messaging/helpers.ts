// The cast of a messaging test: an organization with a property, its default topics, a bookkeeper the
// Billing topic routes to, and helpers to call the API as anyone.
import type { KeystoneContext } from '@keystone-6/core/types'
import type { TestApp } from '../../harness/app'
import { as, createOrganization, createProperty, createStaff, createUser } from '../../harness/factories'
import type { Permission } from '../../../schema/shared/permissions'

type User = { id: string; name: string; type: string; isAdmin: boolean; email?: string | null }

export async function createResident(context: KeystoneContext<any>, organizationId: string, propertyId: string, unitName = '12') {
  const user = (await createUser(context, { type: 'resident' })) as User
  const residence = await context.sudo().db.Resident.createOne({
    data: { user: { connect: { id: user.id } }, organization: { connect: { id: organizationId } }, property: { connect: { id: propertyId } }, unitName, unitType: 'flat' },
  })
  return Object.assign(user, { residentId: String(residence.id) })
}

export async function employeeId(context: KeystoneContext<any>, userId: string, organizationId: string) {
  const [row] = await context.sudo().db.OrganizationEmployee.findMany({ where: { user: { id: { equals: userId } }, organization: { id: { equals: organizationId } } } })
  return String(row.id)
}

export async function topicId(context: KeystoneContext<any>, organizationId: string, key: string) {
  const [topic] = await context.sudo().db.ConversationTopic.findMany({ where: { organization: { id: { equals: organizationId } }, key: { equals: key } } })
  return String(topic.id)
}

export async function setupOrganization(app: TestApp) {
  const { context } = app
  const org = await createOrganization(context)
  const property = await createProperty(context, org.id)
  const bookkeeper = (await createStaff(context, org.id, [])) as User
  const manager = (await createStaff(context, org.id, ['readConversations', 'manageConversations'])) as User
  const billing = await topicId(context, org.id, 'billing')
  await context.sudo().db.ConversationTopic.updateOne({ where: { id: billing }, data: { defaultRecipient: { connect: { id: await employeeId(context, bookkeeper.id, org.id) } } } })
  return { org, property, bookkeeper, manager, billing }
}

export const staffWith = (app: TestApp, organizationId: string, permissions: Permission[]) => createStaff(app.context, organizationId, permissions) as Promise<User>

/** Runs an operation as `user` (undefined: anonymous); answers data or the first error's code. */
export async function call(app: TestApp, user: User | undefined, query: string, variables: Record<string, unknown> = {}) {
  const result = (await as(app.context, user).graphql.raw({ query, variables })) as { data?: any; errors?: readonly any[] }
  if (result.errors?.length) return { data: result.data, code: String(result.errors[0].extensions?.code ?? 'NO_CODE'), message: result.errors[0].message as string }
  return { data: result.data, code: null as string | null, message: '' }
}

/** Like call, but fails the test with the error when there is one. */
export async function ok(app: TestApp, user: User | undefined, query: string, variables: Record<string, unknown> = {}) {
  const result = await call(app, user, query, variables)
  if (result.code) throw new Error(`${result.code}: ${result.message}`)
  return result.data
}

export const START = `mutation($topicId: ID!, $subject: String!, $body: String!) { startConversation(topicId: $topicId, subject: $subject, body: $body) { id status } }`
export const REPLY = `mutation($id: ID!, $body: String!) { replyToConversation(conversationId: $id, body: $body) { id } }`
export const NOTE = `mutation($id: ID!, $body: String!) { addInternalNote(conversationId: $id, body: $body) { id } }`
export const ADD = `mutation($id: ID!, $userId: ID!) { addConversationParticipant(conversationId: $id, userId: $userId) { id } }`
export const REMOVE = `mutation($id: ID!, $userId: ID!) { removeConversationParticipant(conversationId: $id, userId: $userId) }`
export const READ = `mutation($id: ID!) { markConversationRead(conversationId: $id) { id status } }`
export const RESOLVE = `mutation($id: ID!, $category: String!, $note: String) { resolveConversation(conversationId: $id, category: $category, note: $note) { id status resolutionCategory reopenCount } }`
