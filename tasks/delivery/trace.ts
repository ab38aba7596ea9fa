// The delivery trace stored on each Message: one entry per attempt and per decision.
export type TraceOutcome =
  | 'sent'
  | 'transient'
  | 'permanent'
  | 'invalidAddress'
  | 'skipped'
  | 'blacklisted'
  | 'throttled'
  | 'disabledByUser'
  | 'error'
  | 'retry'
  | 'quietHours'

export type TraceEntry = {
  at: string
  /** The delivery run (1 = first, 2 = first retry...). */
  run: number
  outcome: TraceOutcome
  channel?: string
  transport?: string
  /** Masked. */
  address?: string
  providerMessageId?: string
  error?: string
  retryAfterMs?: number
}

export class Trace {
  readonly entries: TraceEntry[]
  constructor(
    previous: unknown,
    private readonly run: number
  ) {
    this.entries = Array.isArray(previous) ? [...(previous as TraceEntry[])] : []
  }

  add(entry: Omit<TraceEntry, 'at' | 'run'>) {
    // errors are one line and short: a provider's HTML error page does not belong in the trace
    const error = entry.error ? entry.error.split('\n')[0].slice(0, 500) : undefined
    this.entries.push({ at: new Date().toISOString(), run: this.run, ...entry, ...(error ? { error } : {}) })
  }
}

/** A masked address: enough to tell two apart, not enough to contact anyone. */
export function maskAddress(address: unknown): string {
  const text = typeof address === 'string' ? address : JSON.stringify(address)
  const at = text.indexOf('@')
  if (at > 0) return `${text[0]}***${text.slice(at)}`
  if (text.length <= 6) return '***'
  return `***${text.slice(-4)}`
}
