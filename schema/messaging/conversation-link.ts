// ConversationLink: a record the thread is about, by list name and id, so lists that do not exist yet
// (invoices, tickets) can be linked without a schema change: the allowed lists are a registry that plugins
// fill (link-targets.ts), checked when a link is made.
import { list } from '@keystone-6/core'
import { text, timestamp } from '@keystone-6/core/fields'
import { isSignedIn } from '../shared/access'
import { hiddenEverywhere, ownedBy, readOnly, systemWritten, toOne } from './fields'
import { linkFilter } from './visibility'

export const ConversationLink = list({
  access: { operation: { query: isSignedIn, ...systemWritten }, filter: { query: linkFilter } },
  ui: { hideNavigation: true, hideCreate: true, hideDelete: true, labelField: 'label', listView: { initialColumns: ['conversation', 'targetList', 'label', 'createdAt'] } },
  fields: {
    organization: ownedBy(),
    conversation: toOne('Conversation.links'),
    targetList: text({ validation: { isRequired: true, length: { max: 100 } }, ...readOnly }),
    targetId: text({ validation: { isRequired: true, length: { max: 100 } }, ...readOnly }),
    /** What the record was called when it was linked (its label may change later). */
    label: text({ ...readOnly }),
    addedBy: toOne('User'),
    createdAt: timestamp({ defaultValue: { kind: 'now' }, ...readOnly }),
    /** "<conversation>:<list>:<id>": a record is linked once (unique). */
    linkKey: text({ isIndexed: 'unique', db: { isNullable: true }, graphql: { omit: true }, ui: hiddenEverywhere }),
  },
})
