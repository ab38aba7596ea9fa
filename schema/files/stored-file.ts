// StoredFile: one encrypted file in the storage backend. The bytes rest encrypted (adapters/storage); this
// row holds what reads them back: where (storage, storageKey), the wrapped data key and its master key
// version, and who the file belongs to (kind + ownerId: the item of the plugin that stored it, whose
// registered access check decides who may download it). Written by the system only; admins read the
// metadata in the Admin UI; everyone else reaches a file through its owner's signed download link.
import { list } from '@keystone-6/core'
import { integer, relationship, select, text, timestamp } from '@keystone-6/core/fields'
import { isAdmin } from '../shared/access'
import { organizationField, sameOrganization } from '../shared/tenant'

const denyAll = () => false
const readOnly = { ui: { createView: { fieldMode: 'hidden' as const }, itemView: { fieldMode: 'read' as const } } }
const secretField = { db: { isNullable: true }, graphql: { omit: true }, ui: { createView: { fieldMode: 'hidden' as const }, itemView: { fieldMode: 'hidden' as const }, listView: { fieldMode: 'hidden' as const } } }

export const STORED_FILE_STATUSES = ['uploading', 'ready'] as const

export const StoredFile = list({
  access: {
    operation: { query: isAdmin, create: denyAll, update: denyAll, delete: denyAll },
  },
  ui: {
    labelField: 'name',
    hideCreate: true,
    hideDelete: true,
    listView: { initialColumns: ['name', 'kind', 'contentType', 'size', 'organization', 'createdAt', 'expiresAt'], initialSort: { field: 'createdAt', direction: 'DESC' } },
  },
  db: { idField: { kind: 'uuid' } },
  fields: {
    // platform files (no organization) are allowed: not every owner belongs to one
    organization: organizationField({ optional: true, ui: readOnly.ui }),
    /** The owning plugin's file kind (its access check), e.g. 'contactExport'. */
    kind: text({ validation: { isRequired: true }, isIndexed: true, ...readOnly }),
    /** The id of the owning item (e.g. the ContactExportTask). */
    ownerId: text({ validation: { isRequired: true }, isIndexed: true, ...readOnly }),
    name: text({ validation: { isRequired: true }, ...readOnly }),
    /** Sniffed from the bytes when stored; served with nosniff. */
    contentType: text({ validation: { isRequired: true }, ...readOnly }),
    /** Bytes of content (the stored object is a little larger: one tag per 64 KiB). */
    size: integer({ defaultValue: 0, ...readOnly }),
    status: select({ type: 'string', options: STORED_FILE_STATUSES.map(value => ({ value, label: value })), defaultValue: 'uploading', ...readOnly }),
    uploadedBy: relationship(sameOrganization({ ref: 'User', many: false, ...readOnly })),
    /** The storage backend that holds it ('local', 's3') and the object's key there. */
    storage: text({ ...readOnly }),
    storageKey: text({ ...readOnly }),
    wrappedKey: text(secretField),
    keyVersion: text({ ...secretField, isIndexed: true }),
    noncePrefix: text(secretField),
    /** The sweeper deletes the file after this (exports: EXPORT_TTL_DAYS). */
    expiresAt: timestamp({ db: { isNullable: true }, isIndexed: true, ...readOnly }),
    createdAt: timestamp({ defaultValue: { kind: 'now' }, ...readOnly }),
  },
})
