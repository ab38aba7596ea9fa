// Field bundles the conversation lists share: every entry is written by the messaging plugin's code only.
import { relationship } from '@keystone-6/core/fields'
import { organizationField, sameOrganization } from '../shared/tenant'

export const denyAll = () => false
export const readOnly = { ui: { createView: { fieldMode: 'hidden' as const }, itemView: { fieldMode: 'read' as const } } }
export const hiddenEverywhere = { createView: { fieldMode: 'hidden' as const }, itemView: { fieldMode: 'hidden' as const }, listView: { fieldMode: 'hidden' as const } }

/** Written by the system only: the API may read (by the list's filters), never write. */
export const systemWritten = { create: denyAll, update: denyAll, delete: denyAll }

export const ownedBy = () => organizationField({ ui: readOnly.ui })
export const toOne = (ref: string) => relationship(sameOrganization({ ref, many: false, ...readOnly }))
export const toMany = (ref: string) => relationship(sameOrganization({ ref, many: true, ...readOnly }))
