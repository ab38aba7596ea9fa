// The MessageDelivery rows of one delivery run, written in batches: every message of a batch works
// through its channels in parallel, and what they ask for within one turn of the event loop becomes
// one INSERT and one UPDATE instead of a round trip each (the DataLoader idea, for writes).
import { randomUUID } from 'node:crypto'
import { insertMany, type InsertManySpec } from '../../adapters/database/insert-many'
import { updateEach } from '../../adapters/database/update-each'
import { isUniqueViolation } from '../../adapters/database/unique-violation'
import { TurnBatch, type Waiting } from './turn-batch'

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

type Change = { key: string; change: RowChange }

export class DeliveryRows {
  private readonly opens = new TurnBatch<OpenRow, ExistingRow | null>(batch => this.flushOpens(batch))
  private readonly changes = new TurnBatch<Change, void>(batch => this.flushChanges(batch))

  constructor(private readonly prisma: any) {}

  /** Creates the row as 'sending' and resolves null, or resolves the existing row (an earlier run got this far). */
  open(row: OpenRow): Promise<ExistingRow | null> {
    return this.opens.add(row)
  }

  change(idempotencyKey: string, change: RowChange): Promise<void> {
    return this.changes.add({ key: idempotencyKey, change })
  }

  private async flushOpens(opens: Waiting<OpenRow, ExistingRow | null>[]) {
    try {
      const updatedAt = new Date()
      const rows = opens.map(({ item }) => ({ id: randomUUID(), ...item, status: 'sending', attempts: 1, providerMessageId: '', error: '', updatedAt }))
      await insertMany(this.prisma, DELIVERY_INSERT, rows)
      for (const open of opens) open.resolve(null)
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      // some rows exist (a re-run): nothing was inserted, so go row by row
      await Promise.all(opens.map(open => this.openOne(open.item).then(open.resolve, open.reject)))
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

  private async flushChanges(changes: Waiting<Change, void>[]) {
    // several changes of one row in a turn: applied in order, so the last one wins per column
    const merged = new Map<string, RowChange>()
    for (const { item } of changes) merged.set(item.key, { ...merged.get(item.key), ...item.change })
    const updatedAt = new Date()
    await updateEach(this.prisma, DELIVERY_COLUMNS, [...merged].map(([key, change]) => ({ idempotencyKey: key, ...change, updatedAt })))
    for (const change of changes) change.resolve()
  }
}
