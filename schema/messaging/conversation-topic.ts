// ConversationTopic: what a resident picks when starting a thread (Billing, Maintenance...), per
// organization, with the employee a new thread is routed to (and a fallback when that one is gone).
import { list } from '@keystone-6/core'
import { checkbox, integer, relationship, text } from '@keystone-6/core/fields'
import { holdsPermission, isSignedIn, organizationFilter } from '../shared/access'
import { organizationField, sameOrganization } from '../shared/tenant'
import { topicFilter } from './visibility'

const manage = organizationFilter('organization', 'manageConversations')

export const ConversationTopic = list({
  access: {
    operation: { query: isSignedIn, create: isSignedIn, update: isSignedIn, delete: () => false },
    filter: { query: topicFilter, update: manage },
    item: { create: ({ context, inputData }) => holdsPermission(context, inputData.organization?.connect?.id, 'manageConversations') },
  },
  ui: { listView: { initialColumns: ['name', 'organization', 'defaultRecipient', 'fallbackRecipient', 'isActive'] }, hideDelete: true },
  fields: {
    organization: organizationField(),
    name: text({ validation: { isRequired: true, length: { max: 100 } } }),
    /** The built-in topics' key (billing, maintenance, parking, general): seeded once per organization. */
    key: text({ db: { isNullable: true }, graphql: { omit: { create: true, update: true } }, ui: { createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'read' } } }),
    defaultRecipient: relationship(sameOrganization({ ref: 'OrganizationEmployee', many: false, ui: { description: 'New conversations on this topic are routed to this employee' } })),
    fallbackRecipient: relationship(sameOrganization({ ref: 'OrganizationEmployee', many: false, ui: { description: 'Used when the default recipient no longer works here' } })),
    isActive: checkbox({ defaultValue: true, ui: { description: 'Inactive topics are not offered for new conversations' } }),
    order: integer({ defaultValue: 100, validation: { isRequired: true } }),
  },
})
