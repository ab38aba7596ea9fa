// ConversationMessage: immutable (no update or delete through the API, admins included). `audience` is
// who took part when it was written: the visibility rule (visibility.ts) reads it. `authorName` is the
// author's name when they wrote it (like an email's From, and like the thread's lastMessageAuthorName and
// the activity summaries): stored so a thread page needs no names query; a later rename does not change it.
import { list } from '@keystone-6/core'
import { checkbox, text, timestamp } from '@keystone-6/core/fields'
import { isSignedIn } from '../shared/access'
import { ownedBy, readOnly, systemWritten, toMany, toOne } from './fields'
import { entryFilter } from './visibility'

export const MESSAGE_BODY_MAX = 5000

export const ConversationMessage = list({
  access: { operation: { query: isSignedIn, ...systemWritten }, filter: { query: entryFilter } },
  ui: { hideNavigation: true, hideCreate: true, hideDelete: true, labelField: 'body', listView: { initialColumns: ['conversation', 'author', 'body', 'isInternal', 'createdAt'] } },
  fields: {
    organization: ownedBy(),
    conversation: toOne('Conversation.messages'),
    author: toOne('User'),
    /** Null only where the author was deleted before names were stored (the migration backfills the rest). */
    authorName: text({ db: { isNullable: true }, ...readOnly }),
    body: text({ validation: { isRequired: true, length: { max: MESSAGE_BODY_MAX } }, ui: { displayMode: 'textarea', ...readOnly.ui } }),
    /** An internal note: management only, never shown or notified to residents. */
    isInternal: checkbox({ defaultValue: false, ...readOnly }),
    audience: toMany('User'),
    createdAt: timestamp({ defaultValue: { kind: 'now' }, validation: { isRequired: true }, ...readOnly }),
  },
})
