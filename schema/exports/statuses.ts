// The life of an export, as staff see it.
export const EXPORT_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const
export type ExportStatus = (typeof EXPORT_STATUSES)[number]

/** Statuses an export can still leave (cancel applies to these). */
export const ACTIVE_EXPORT_STATUSES: readonly ExportStatus[] = ['queued', 'running']

/** Which contacts: the contacts list's archive filter. */
export const ARCHIVE_SCOPES = ['live', 'archived', 'all'] as const
export type ArchiveScope = (typeof ARCHIVE_SCOPES)[number]
