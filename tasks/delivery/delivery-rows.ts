// The MessageDelivery rows of one delivery run, written in batches: every message of a batch works
// through its channels in parallel, and what they ask for within one turn of the event loop becomes
// one INSERT and one UPDATE instead of a round trip each (the DataLoader idea, for writes).
import { randomUUID } from 'node:crypto'
import { insertMany, type InsertManySpec } from '../../adapters/database/insert-many'
import { updateEach } from '../../adapters/database/update-each'
import { isUniqueViolation } from '../../adapters/database/unique-violation'

export type OpenRow = { messageId: string; channel: string; idempotencyKey: string; addressHint: string; transport: string }
export type ExistingRow = { status: string; transport: string; attempts: number | null; sentAt: Date | null }
export type RowChange = Partial<{ status: string; transport: string; attempts: number; providerMessageId: string; sentAt: Date; error: string }>

const DELIVERY_COLUMNS = {
  model: 'messageDelivery',
  table: 'MessageDelivery',
  key: 'idempotencyKey',
  columns: {
    status: 'text',
    transport: 'text',
    attempts: 'integer',
    providerMessageId: 'text',
    sentAt: 'timestamp(3)',
    error: 'text',
    updatedAt: 'timestamp(3)',
  },
} as const

const DELIVERY_INSERT = {
  model: 'messageDelivery',
  table: 'MessageDelivery',
  columns: {
    id: 'text',
    messageId: { column: 'message', type: 'text' },
    channel: 'text',
    transport: 'text',
    addressHint: 'text',
    idempotencyKey: 'text',
    status: 'text',
    attempts: 'integer',
    providerMessageId: 'text',
    error: 'text',
    updatedAt: 'timestamp(3)',
  },
} as const satisfies InsertManySpec

type Waiter<T> = { resolve: (value: T) => void; reject: (error: unknown) => void }

export class DeliveryRows {
  private opens: Array<{ row: OpenRow } & Waiter<ExistingRow | null>> = []
  private changes: Array<{ key: string; change: RowChange } & Waiter<void>> = []
  private scheduled = false

  constructor(private readonly prisma: any) {}

  /** Creates the row as 'sending' and resolves null, or resolves the existing row (an earlier run got this far). */
  open(row: OpenRow): Promise<ExistingRow | null> {
    return new Promise((resolve, reject) => {
      this.opens.push({ row, resolve, reject })
      this.schedule()
    })
  }

  change(idempotencyKey: string, change: RowChange): Promise<void> {
    return new Promise((resolve, reject) => {
      this.changes.push({ key: idempotencyKey, change, resolve, reject })
      this.schedule()
    })
  }

  private schedule() {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      const opens = this.opens.splice(0)
      const changes = this.changes.splice(0)
      if (opens.length) void this.flushOpens(opens)
      if (changes.length) void this.flushChanges(changes)
    })
  }

  private async flushOpens(opens: DeliveryRows['opens']) {
    try {
      const updatedAt = new Date()
      const rows = opens.map(({ row }) => ({ id: randomUUID(), ...row, status: 'sending', attempts: 1, providerMessageId: '', error: '', updatedAt }))
      await insertMany(this.prisma, DELIVERY_INSERT, rows)
      for (const open of opens) open.resolve(null)
    } catch (error) {
      if (!isUniqueViolation(error)) return opens.forEach(open => open.reject(error))
      // some rows exist (a re-run): nothing was inserted, so go row by row
      await Promise.all(opens.map(open => this.openOne(open.row).then(open.resolve, open.reject)))
    }
  }

  private async openOne(row: OpenRow): Promise<ExistingRow | null> {
    try {
      await this.prisma.messageDelivery.create({ data: { ...row, status: 'sending', attempts: 1 } })
      return null
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      return this.prisma.messageDelivery.findUnique({
        where: { idempotencyKey: row.idempotencyKey },
        select: { status: true, transport: true, attempts: true, sentAt: true },
      })
    }
  }

  private async flushChanges(changes: DeliveryRows['changes']) {
    // several changes of one row in a turn: applied in order, so the last one wins per column
    const merged = new Map<string, RowChange>()
    for (const { key, change } of changes) merged.set(key, { ...merged.get(key), ...change })
    const updatedAt = new Date()
    try {
      await updateEach(this.prisma, DELIVERY_COLUMNS, [...merged].map(([key, change]) => ({ idempotencyKey: key, ...change, updatedAt })))
      for (const change of changes) change.resolve()
    } catch (error) {
      for (const change of changes) change.reject(error)
    }
  }
}
