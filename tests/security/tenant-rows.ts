// The rows of the tenant-boundary suite: for every list, how to make a row that belongs to an organization
// (the suite links them across organizations), and for every organization-owned list, what a valid create
// looks like and who may write it. A new list joins the suite with one entry in each table that applies.
import type { KeystoneContext } from '@keystone-6/core/types'
import { createContact } from '../harness/contacts'
import { createProperty, createStaff, createUser } from '../harness/factories'

type Ctx = KeystoneContext<any>
const connect = (id: string) => ({ connect: { id } })
let sequence = 0
const next = () => ++sequence

/** A row of `list` that belongs to `organizationId` (through sudo: no access involved). */
export const rowIn: Record<string, (context: Ctx, organizationId: string) => Promise<{ id: string }>> = {
  Organization: async (_context, organizationId) => ({ id: organizationId }),
  Property: (context, organizationId) => createProperty(context, organizationId),
  OrganizationEmployee: async (context, organizationId) => {
    const user = await createStaff(context, organizationId)
    const [employment] = await context.sudo().db.OrganizationEmployee.findMany({ where: { user: { id: { equals: user.id } } } })
    return employment as { id: string }
  },
  // a user belongs to an organization through an employment (or a residence) there
  User: (context, organizationId) => createStaff(context, organizationId),
  Contact: (context, organizationId) => createContact(context, { organization: organizationId, type: 'vendor' }),
  ContactRole: (context, organizationId) =>
    context.sudo().db.ContactRole.createOne({ data: { name: `Role ${next()}`, organization: connect(organizationId) } }),
  Resident: async (context, organizationId) => {
    const property = await createProperty(context, organizationId)
    const user = await createUser(context, { type: 'resident' })
    return context.sudo().db.Resident.createOne({
      data: { user: connect(user.id), organization: connect(organizationId), property: connect(property.id), unitName: `${next()}`, unitType: 'flat' },
    })
  },
  Message: (context, organizationId) =>
    context.sudo().db.Message.createOne({ data: { type: 'TEST', recipientKey: `test-${next()}`, organization: connect(organizationId) } }),
  MessageDelivery: async (context, organizationId) => {
    const message = await rowIn.Message(context, organizationId)
    return context.sudo().db.MessageDelivery.createOne({ data: { message: connect(message.id), channel: 'sms', idempotencyKey: `key-${next()}` } })
  },
  FieldChange: (context, organizationId) =>
    context.sudo().db.FieldChange.createOne({ data: { listKey: 'Contact', itemId: 'x', field: 'name', organization: connect(organizationId) } }),
  MessageOrganizationBlackList: (context, organizationId) =>
    context.sudo().db.MessageOrganizationBlackList.createOne({ data: { organization: connect(organizationId), reason: 'test' } }),
  PortalInvitation: (context, organizationId) => context.sudo().db.PortalInvitation.createOne({ data: invitationData(organizationId) }),
  ContactExportTask: (context, organizationId) => context.sudo().prisma.contactExportTask.create({ data: { organizationId, status: 'done' } }),
  MessageUserBlackList: (context, organizationId) =>
    context.sudo().db.MessageUserBlackList.createOne({ data: { organization: connect(organizationId), phone: `+1415555${String(next()).padStart(4, '0')}`, reason: 'test' } }),
  // one row per organization through the API: a row of its own key here, so the suite may make several
  NotificationOrganizationSetting: (context, organizationId) =>
    context.sudo().prisma.notificationOrganizationSetting.create({ data: { organizationId, organizationKey: `row-${next()}`, timeZone: 'UTC' } }),
  Broadcast: (context, organizationId) =>
    context.sudo().db.Broadcast.createOne({ data: { organization: connect(organizationId), title: `Notice ${next()}`, body: 'Water off' } }),
  StoredFile: (context, organizationId) => context.sudo().db.StoredFile.createOne({ data: storedFileData(organizationId) }),
  ConversationTopic: (context, organizationId) =>
    context.sudo().db.ConversationTopic.createOne({ data: { organization: connect(organizationId), name: `Topic ${next()}` } }),
  Conversation: (context, organizationId) => context.sudo().db.Conversation.createOne({ data: conversationData(organizationId) }),
  ConversationParticipant: async (context, organizationId) =>
    context.sudo().db.ConversationParticipant.createOne({ data: { ...(await inConversation(context, organizationId)), role: 'staff' } }),
  ConversationMessage: async (context, organizationId) =>
    context.sudo().db.ConversationMessage.createOne({ data: { ...(await inConversation(context, organizationId)), body: 'Hello' } }),
  ConversationActivity: async (context, organizationId) =>
    context.sudo().db.ConversationActivity.createOne({ data: { ...(await inConversation(context, organizationId)), kind: 'started', summary: 'Started' } }),
  ConversationLink: async (context, organizationId) =>
    context.sudo().db.ConversationLink.createOne({ data: { ...(await inConversation(context, organizationId)), targetList: 'Property', targetId: 'x' } }),
  ConversationReadCursor: async (context, organizationId) => context.sudo().db.ConversationReadCursor.createOne({ data: await inConversation(context, organizationId) }),
}

function storedFileData(organizationId: string) {
  return { organization: connect(organizationId), kind: 'testDoc', ownerId: `owner-${next()}`, name: 'f.txt', contentType: 'text/plain', storage: 'local', storageKey: `testDoc/k${next()}` }
}

function conversationData(organizationId: string) {
  return { organization: connect(organizationId), subject: `Subject ${next()}` }
}

/** The organization and a fresh conversation of it: what every entry of a thread needs. */
async function inConversation(context: Ctx, organizationId: string) {
  const conversation = await context.sudo().db.Conversation.createOne({ data: conversationData(organizationId) })
  return { organization: connect(organizationId), conversation: connect(String(conversation.id)) }
}

function invitationData(organizationId: string) {
  return { organization: connect(organizationId), email: `invited${next()}@example.org`, expiresAt: new Date(Date.now() + 3_600_000) }
}

export type Writer = 'staff' | 'admin'

/**
 * Organization-owned lists: a valid create in `organizationId` that sets nothing but what it must, given the
 * relationship field under test (some fields only exist for one kind of row), and who may create and update.
 */
export const ownedLists: Record<
  string,
  {
    creators: readonly Writer[]
    updaters: readonly Writer[]
    /** Its relationships are written by the system only (the list may still be updated otherwise). */
    systemLinks?: true
    /** Relationships fewer callers may write than the list's creators/updaters (field access). */
    fieldWriters?: Record<string, readonly Writer[]>
    createData: (context: Ctx, organizationId: string, field: string) => Promise<Record<string, unknown>> }
> = {
  Property: { creators: ['staff', 'admin'], updaters: ['staff', 'admin'], createData: async (_c, org) => ({ organization: connect(org), name: `P ${next()}` }) },
  OrganizationEmployee: {
    creators: ['staff', 'admin'], updaters: ['staff', 'admin'],
    createData: async (context, org) => ({ organization: connect(org), user: connect((await createUser(context, { type: 'staff' })).id) }),
  },
  Contact: {
    creators: ['staff', 'admin'], updaters: ['staff', 'admin'],
    // the person's account is linked by the system (invitation accepted, app registration); admins may relink
    fieldWriters: { portalUser: ['admin'] },
    createData: async (_c, org, field) => ({
      organization: connect(org),
      name: `C ${next()}`,
      type: field === 'escalationOwner' ? 'contractor' : 'vendor',
    }),
  },
  ContactRole: { creators: ['staff', 'admin'], updaters: ['staff', 'admin'], createData: async (_c, org) => ({ organization: connect(org), name: `R ${next()}` }) },
  Resident: {
    creators: ['admin'],
    updaters: ['admin'],
    createData: async (context, org) => ({
      organization: connect(org),
      user: connect((await createUser(context, { type: 'resident' })).id),
      property: connect((await createProperty(context, org)).id),
      unitName: `${next()}`,
      unitType: 'flat',
    }),
  },
  Message: { creators: [], updaters: ['admin'], systemLinks: true, createData: async (_c, org) => ({ organization: connect(org), type: 'TEST', recipientKey: `k-${next()}` }) },
  FieldChange: { creators: [], updaters: [], createData: async (_c, org) => ({ organization: connect(org), listKey: 'Contact', itemId: 'x', field: 'name' }) },
  MessageOrganizationBlackList: { creators: ['staff', 'admin'], updaters: ['staff', 'admin'], createData: async (_c, org) => ({ organization: connect(org), reason: 'test' }) },
  MessageUserBlackList: {
    creators: ['staff', 'admin'],
    updaters: ['staff', 'admin'],
    createData: async (context, org, field) => (field === 'user' ? { organization: connect(org), reason: 'test' } : { organization: connect(org), phone: `+1415556${String(next()).padStart(4, '0')}`, reason: 'test' }),
  },
  NotificationOrganizationSetting: {
    creators: ['staff', 'admin'],
    updaters: ['staff', 'admin'],
    // the organization's one row: the previous test's goes first
    createData: async (context, org) => {
      await context.sudo().prisma.notificationOrganizationSetting.deleteMany({ where: { organizationKey: org } })
      return { organization: connect(org), timeZone: 'UTC' }
    },
  },
  Broadcast: { creators: ['staff', 'admin'], updaters: ['staff', 'admin'], createData: async (_c, org) => ({ organization: connect(org), title: `B ${next()}`, body: 'Water off' }) },
  // written only by the portal plugin's own code (send, resend, revoke, accept)
  PortalInvitation: { creators: [], updaters: [], systemLinks: true, createData: async (_c, org) => invitationData(org) },
  // staff start an export with the contacts list's filter (property, role); the rest is the task's
  ContactExportTask: {
    creators: ['staff', 'admin'],
    updaters: [],
    fieldWriters: { startedBy: [] },
    createData: async (_c, org) => ({ organization: connect(org) }),
  },
  // written only by the files plugin's own code (storeFile)
  StoredFile: { creators: [], updaters: [], systemLinks: true, createData: async (_c, org) => storedFileData(org) },
  // topics and their routing are staff's (manageConversations); everything of a thread is written by plugins/messaging only
  ConversationTopic: { creators: ['staff', 'admin'], updaters: ['staff', 'admin'], createData: async (_c, org) => ({ organization: connect(org), name: `T ${next()}` }) },
  Conversation: { creators: [], updaters: [], systemLinks: true, createData: async (_c, org) => conversationData(org) },
  ConversationParticipant: { creators: [], updaters: [], systemLinks: true, createData: async (c, org) => ({ ...(await inConversation(c, org)), role: 'staff' }) },
  ConversationMessage: { creators: [], updaters: [], systemLinks: true, createData: async (c, org) => ({ ...(await inConversation(c, org)), body: 'Hi' }) },
  ConversationActivity: { creators: [], updaters: [], systemLinks: true, createData: async (c, org) => ({ ...(await inConversation(c, org)), kind: 'started', summary: 'S' }) },
  ConversationLink: { creators: [], updaters: [], systemLinks: true, createData: async (c, org) => ({ ...(await inConversation(c, org)), targetList: 'Property', targetId: 'x' }) },
  ConversationReadCursor: { creators: [], updaters: [], systemLinks: true, createData: (c, org) => inConversation(c, org) },
}

/** Relationships the rule does not apply to, and why. */
export const exempt: Record<string, string> = {
  'OrganizationEmployee.user': 'the employment is what ties a user to the organization',
  'Resident.user': 'the residence is what ties a user to the organization',
}
