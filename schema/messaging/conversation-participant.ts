// ConversationParticipant: one row per stint in a thread (joined, maybe left); rejoining opens a new row.
import { list } from '@keystone-6/core'
import { select, text, timestamp } from '@keystone-6/core/fields'
import { isSignedIn } from '../shared/access'
import { hiddenEverywhere, ownedBy, readOnly, systemWritten, toOne, userNameOf } from './fields'
import { participantFilter } from './visibility'

export const PARTICIPANT_ROLES = ['resident', 'staff'] as const

export const ConversationParticipant = list({
  access: { operation: { query: isSignedIn, ...systemWritten }, filter: { query: participantFilter } },
  ui: { hideNavigation: true, hideCreate: true, hideDelete: true, listView: { initialColumns: ['conversation', 'user', 'role', 'joinedAt', 'leftAt'] } },
  fields: {
    organization: ownedBy(),
    conversation: toOne('Conversation.participants'),
    user: toOne('User'),
    userName: userNameOf('user'),
    role: select({ type: 'enum', options: PARTICIPANT_ROLES.map(value => ({ value, label: value })), validation: { isRequired: true }, ...readOnly }),
    joinedAt: timestamp({ defaultValue: { kind: 'now' }, validation: { isRequired: true }, ...readOnly }),
    leftAt: timestamp({ ...readOnly }),
    addedBy: toOne('User'),
    removedBy: toOne('User'),
    /** "<conversation>:<user>" while the stint is open, else empty: one open stint per person (unique). */
    openKey: text({ isIndexed: 'unique', db: { isNullable: true }, graphql: { omit: true }, ui: hiddenEverywhere }),
  },
})
