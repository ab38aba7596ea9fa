// A broadcast's life: composed (draft), set for a time (scheduled), fanning out (sending), done (sent),
// or called off before it went (cancelled). Once sending, it is locked.
export const BROADCAST_STATUSES = ['draft', 'scheduled', 'sending', 'sent', 'cancelled'] as const
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number]
export const EDITABLE_STATUSES: readonly BroadcastStatus[] = ['draft', 'scheduled']

export const BROADCAST_KINDS = ['regular', 'emergency'] as const
export type BroadcastKind = (typeof BROADCAST_KINDS)[number]

/** 'organization': its residents, narrowed by the filters given; 'handPicked': the residents chosen. */
export const AUDIENCES = ['organization', 'handPicked'] as const

/** The message types a broadcast sends (contributed by plugins/broadcasts). */
export const BROADCAST_TYPE = 'BROADCAST'
export const EMERGENCY_BROADCAST_TYPE = 'EMERGENCY_BROADCAST'
export const messageTypeOf = (kind: string) => (kind === 'emergency' ? EMERGENCY_BROADCAST_TYPE : BROADCAST_TYPE)

/** Each recipient's message carries this uniqKey: (type, recipient, uniqKey) is unique, so a re-run never sends twice. */
export const broadcastUniqKey = (broadcastId: string) => `broadcast-${broadcastId}`
export const broadcastIdOf = (uniqKey: string | null | undefined) => (uniqKey?.startsWith('broadcast-') ? uniqKey.slice('broadcast-'.length) : null)
