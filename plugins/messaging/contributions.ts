// Registry keys messaging adds (module augmentation: the kernel stays unaware).
declare module '../kernel/types' {
  interface Contributions {
    /**
     * A list whose records a conversation may be linked to. Any plugin adds its own (invoices, tickets)
     * with one entry; messaging itself adds Contact, Property and Message. No schema change either way.
     */
    conversationLinkTargets: ConversationLinkTarget
  }
}

export type ConversationLinkTarget = {
  /** The Keystone list key. */
  list: string
  /** What the link shows, from the record read with the caller's access. */
  label(item: Record<string, any>): string
}

export {}
