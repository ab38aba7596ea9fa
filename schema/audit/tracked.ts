import type { Permission } from '../shared/permissions'

/** What the audit history records for one list. */
export type TrackedList = {
  /** Field keys whose every change is recorded (scalar fields: text, timestamps, selects). */
  fields: readonly string[]
  /** The item's organization id field (Prisma name, e.g. 'organizationId'): its staff read the history. */
  organizationField: string
  /** Fields whose old and new values need a permission in that organization to read (e.g. phone, email). */
  sensitive?: { fields: readonly string[]; permission: Permission }
}

export type TrackedLists = Record<string, TrackedList>
