// The words of a conversation, named the way staff say them (Chatwoot's enums are the model).

/** unread: needs attention (until a staff member reads or replies); open: replied to, still active;
 *  resolved: closed with a category; archived: out of the inbox (after CONVERSATION_ARCHIVE_AFTER_DAYS or by hand). */
export const CONVERSATION_STATUSES = ['unread', 'open', 'resolved', 'archived'] as const
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number]

export const RESOLUTION_CATEGORIES = ['resolved', 'noActionNeeded', 'escalated', 'duplicate'] as const
export type ResolutionCategory = (typeof RESOLUTION_CATEGORIES)[number]

/** Every entry of the audit trail besides the messages themselves. */
export const ACTIVITY_KINDS = [
  'started',
  'routed',
  'statusChanged',
  'reopened',
  'resolved',
  'archived',
  'participantAdded',
  'participantRemoved',
  'linked',
  'unlinked',
] as const
export type ActivityKind = (typeof ACTIVITY_KINDS)[number]

/** The topics every organization starts with (it may rename, add and deactivate them). */
export const DEFAULT_TOPICS = [
  { key: 'billing', name: 'Billing', order: 10 },
  { key: 'maintenance', name: 'Maintenance', order: 20 },
  { key: 'parking', name: 'Parking', order: 30 },
  { key: 'general', name: 'General', order: 40 },
] as const

export const options = (values: readonly string[]) => values.map(value => ({ value, label: value }))
