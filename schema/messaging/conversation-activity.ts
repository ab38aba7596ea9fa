// ConversationActivity: the audit trail besides messages (status changes, routing, participants, links,
// resolution). Seen like messages: by audience, internal entries by management only.
import { list } from '@keystone-6/core'
import { checkbox, json, select, text, timestamp } from '@keystone-6/core/fields'
import { isSignedIn } from '../shared/access'
import { ownedBy, readOnly, systemWritten, toMany, toOne, userNameOf } from './fields'
import { ACTIVITY_KINDS, options } from './statuses'
import { entryFilter } from './visibility'

export const ConversationActivity = list({
  access: { operation: { query: isSignedIn, ...systemWritten }, filter: { query: entryFilter } },
  ui: { hideNavigation: true, hideCreate: true, hideDelete: true, labelField: 'summary', listView: { initialColumns: ['conversation', 'kind', 'summary', 'actor', 'createdAt'] } },
  fields: {
    organization: ownedBy(),
    conversation: toOne('Conversation.activities'),
    kind: select({ type: 'enum', options: options(ACTIVITY_KINDS), validation: { isRequired: true }, ...readOnly }),
    /** The person who acted (empty: the system, e.g. routing or the archive sweeper). */
    actor: toOne('User'),
    actorName: userNameOf('actor'),
    /** The person the entry is about (added, removed, routed to). */
    subject: toOne('User'),
    summary: text({ validation: { isRequired: true }, ...readOnly }),
    /** Machine-readable details: { from, to } statuses, { list, id } of a link, the category. */
    details: json({ ...readOnly }),
    isInternal: checkbox({ defaultValue: false, ...readOnly }),
    audience: toMany('User'),
    createdAt: timestamp({ defaultValue: { kind: 'now' }, validation: { isRequired: true }, ...readOnly }),
  },
})
