// ConversationReadCursor: how far a participant has read, and how many messages they could see arrived
// since (kept by the code that writes messages: an audience member other than the author gets +1), and
// the newest message they could see (every audience member, the author too).
import { list } from '@keystone-6/core'
import { integer, text, timestamp } from '@keystone-6/core/fields'
import { isSignedIn } from '../shared/access'
import { hiddenEverywhere, ownedBy, readOnly, systemWritten, toOne } from './fields'
import { cursorFilter } from './visibility'

export const ConversationReadCursor = list({
  access: { operation: { query: isSignedIn, ...systemWritten }, filter: { query: cursorFilter } },
  ui: { hideNavigation: true, hideCreate: true, hideDelete: true },
  fields: {
    organization: ownedBy(),
    conversation: toOne('Conversation'),
    user: toOne('User'),
    lastReadAt: timestamp({ ...readOnly }),
    unreadCount: integer({ defaultValue: 0, validation: { isRequired: true }, ...readOnly }),
    /** The newest message this person was in the audience of (their inbox row's last message, read in one query). */
    lastMessage: toOne('ConversationMessage'),
    /** "<conversation>:<user>" (unique). */
    cursorKey: text({ isIndexed: 'unique', db: { isNullable: true }, graphql: { omit: true }, ui: hiddenEverywhere }),
  },
})
