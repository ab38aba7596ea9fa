// What the exports plugin configures and the export tasks read (registry key `exportOptions`).
import type { RegistryReader } from '../define'

export type ExportOptions = {
  /** Days a finished export's file is kept (EXPORT_TTL_DAYS, 7). */
  ttlDays: number
  /** A running export whose heartbeat is older than this was lost with its worker (EXPORT_STALLED_SECONDS, 120). */
  stalledAfterMs: number
  /** Runs of one export before a lost one is failed instead of restarted. */
  maxAttempts: number
  /** Contacts read per keyset page. */
  pageSize: number
}

export const DEFAULT_EXPORT_OPTIONS: ExportOptions = { ttlDays: 7, stalledAfterMs: 120_000, maxAttempts: 3, pageSize: 1000 }

export function exportOptions(registry: RegistryReader): ExportOptions {
  const [options] = registry.all('exportOptions') as ExportOptions[]
  return options ?? DEFAULT_EXPORT_OPTIONS
}

export const EXPORT_TASK = 'exportContacts'
export const SWEEP_EXPORTS_TASK = 'sweepContactExports'
/** One job id per run of an export: a restarted export is a new job. */
export const exportJobId = (taskId: string, attempt: number) => `${EXPORT_TASK}-${taskId}-${attempt}`
