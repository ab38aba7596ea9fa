// The MessageDelivery rows of one delivery run, written in batches: every message of a batch works
// through its channels in parallel, and what they ask for within one turn of the event loop becomes
// one query instead of a round trip each (the DataLoader idea, for writes).
//
// One write per row and run: `open` reads whether an earlier run left a row (one SELECT for the turn's
// keys); a row that is new is kept in memory while the transports are tried and, once settled with its
// outcome (sent, failed, invalidAddress, or sending = a transient failure the next run resumes), inserted
// with the run's end (state.ts endRuns: the same statement as the messages' final states, one round trip
// and one commit for both), or on its own if the end does not come within SETTLED_WINDOW_MS (if that
// write fails, its rows go back to wait for the end, which writes them or gives them back). A crash
// before that write leaves no row, and the next run sends again with the same idempotency key — as the
// 'sending' row written before the call used to make it do, at the cost of one more write per address.
// A row an earlier run left is updated in place, step by step, as before.
import { randomUUID } from 'node:crypto'
import { insertAlongside, insertManyPooled, type InsertManySpec } from '../../adapters/database/insert-many'
import { providerOf } from '../../adapters/database'
import { rawRows } from '../../adapters/database/raw-pool'
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

/** MessageDelivery's columns as insertMany writes them (also the shape tests/adapters/database/insert-many.test.ts inserts). */
export const DELIVERY_INSERT = {
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
    sentAt: 'timestamp(3)',
    error: 'text',
    updatedAt: 'timestamp(3)',
  },
} as const satisfies InsertManySpec

type Change = { key: string; change: RowChange }
type NewRow = OpenRow & { status: string; attempts: number; providerMessageId: string; error: string; sentAt?: Date }
/** A settled new row as it is inserted. */
export type SettledRow = NewRow & { id: string; updatedAt: Date }
const EXISTING = { status: true, transport: true, attempts: true, sentAt: true } as const
/** The same read on PostgreSQL, through the adapter's pool (raw-pool.ts): one per batch and turn. */
const EXISTING_SQL = `SELECT "idempotencyKey", status, transport, attempts, "sentAt" FROM "MessageDelivery" WHERE "idempotencyKey" = ANY($1::text[])`

/** How long a settled row may wait for its run's end before it is written on its own. */
export const SETTLED_WINDOW_MS = 50

export class DeliveryRows {
  private readonly reads = new TurnBatch<string, ExistingRow | null>(batch => this.flushReads(batch))
  private readonly changes = new TurnBatch<Change, void>(batch => this.flushChanges(batch))
  /** Rows no run has written yet, by idempotency key: their changes gather here until `settle`. */
  private readonly fresh = new Map<string, NewRow>()
  /** New rows with their outcome, waiting for the run's end (takeSettled) or the window's (below). */
  private settled: NewRow[] = []
  /** Rows that waited longer than SETTLED_WINDOW_MS, being written on their own; the end waits for them. */
  private early: Promise<unknown>[] = []
  private window: NodeJS.Timeout | undefined

  /**
   * `prisma`: the app's own client (a run is never inside a transaction): the writes go through its pool.
   * `withoutRows`: messages the run's claim found no MessageDelivery row for (state.ts CLAIM_SQL): their
   * rows are new without a read (a first run's, nearly every message's).
   */
  constructor(
    private readonly prisma: any,
    private readonly withoutRows: ReadonlySet<string> = new Set()
  ) {}

  /** Resolves the row an earlier run left, or null: then the row is new, written with the run's end. */
  async open(row: OpenRow): Promise<ExistingRow | null> {
    const existing = this.withoutRows.has(row.messageId) ? null : await this.reads.add(row.idempotencyKey)
    if (!existing) this.fresh.set(row.idempotencyKey, { ...row, status: 'sending', attempts: 1, providerMessageId: '', error: '' })
    return existing
  }

  change(idempotencyKey: string, change: RowChange): Promise<void> {
    const fresh = this.fresh.get(idempotencyKey)
    if (!fresh) return this.changes.add({ key: idempotencyKey, change })
    Object.assign(fresh, change)
    return Promise.resolve()
  }

  /**
   * A new row has its outcome: it waits for the run's end, to be written by the same statement (an
   * existing row is written as it changes). A run whose other sends take longer (a slow provider) does
   * not hold it: after SETTLED_WINDOW_MS the rows settled so far are written on their own, so a crash
   * re-sends no more than it did when every row was written as it settled.
   */
  settle(idempotencyKey: string): Promise<void> {
    const fresh = this.fresh.get(idempotencyKey)
    if (fresh) {
      this.fresh.delete(idempotencyKey)
      this.settled.push(fresh)
      this.window ??= setTimeout(() => {
        this.window = undefined
        const rows = this.takeSettled()
        // a write that fails (the database, for a moment) hands its rows back: the run's end writes them
        // (or, if the end fails too, the batch's give-back), so the next run knows what was sent
        this.early.push(this.insertSettled(rows).catch(() => this.putBack(rows)))
      }, SETTLED_WINDOW_MS)
    }
    return Promise.resolve()
  }

  /** The settled new rows not yet written, ready to insert, handed over once (to the run's end). */
  takeSettled(): SettledRow[] {
    clearTimeout(this.window)
    this.window = undefined
    const updatedAt = new Date()
    const rows = this.settled.map(row => ({ id: randomUUID(), ...row, updatedAt }))
    this.settled = []
    return rows
  }

  /** Rows a write could not land, handed back for the next write of this run (the end, or the batch's give-back). */
  putBack(rows: readonly SettledRow[]) {
    this.settled.unshift(...rows)
  }

  /** Waits for the rows being written on their own (the window's): those a failed write handed back are settled again. */
  async written() {
    await Promise.all(this.early.splice(0))
  }

  /** The rows' insert as a part of the run's end statement (updateEach's `alongside`). */
  alongside(rows: readonly SettledRow[]) {
    return insertAlongside(this.prisma, DELIVERY_INSERT, rows)
  }

  /**
   * The rows on their own, for when the end statement met a row an overlapping run wrote meanwhile (a
   * lease that ran out): nothing of that statement landed, so row by row, the later outcome written over
   * the earlier one.
   */
  async insertSettled(rows: readonly SettledRow[]) {
    try {
      await insertManyPooled(this.prisma, DELIVERY_INSERT, rows)
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      await Promise.all(rows.map(({ id: _id, updatedAt, ...row }) => this.insertOne(row, updatedAt)))
    }
  }

  private async flushReads(reads: Waiting<string, ExistingRow | null>[]) {
    const keys = [...new Set(reads.map(read => read.item))]
    const rows: (ExistingRow & { idempotencyKey: string })[] =
      providerOf(this.prisma) === 'postgresql'
        ? await rawRows(this.prisma, EXISTING_SQL, [keys])
        : await this.prisma.messageDelivery.findMany({ where: { idempotencyKey: { in: keys } }, select: { idempotencyKey: true, ...EXISTING } })
    const byKey = new Map(rows.map(({ idempotencyKey, ...row }) => [idempotencyKey, row]))
    for (const read of reads) read.resolve(byKey.get(read.item) ?? null)
  }

  private async insertOne(row: NewRow, updatedAt: Date) {
    try {
      await this.prisma.messageDelivery.create({ data: { ...row, updatedAt } })
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      const { status, transport, attempts, providerMessageId, error: message, sentAt } = row
      await this.prisma.messageDelivery.update({
        where: { idempotencyKey: row.idempotencyKey },
        data: { status, transport, attempts, providerMessageId, error: message, sentAt, updatedAt },
      })
    }
  }

  private async flushChanges(changes: Waiting<Change, void>[]) {
    // several changes of one row in a turn: applied in order, so the last one wins per column
    const merged = new Map<string, RowChange>()
    for (const { item } of changes) merged.set(item.key, { ...merged.get(item.key), ...item.change })
    const updatedAt = new Date()
    await updateEach(this.prisma, DELIVERY_COLUMNS, [...merged].map(([key, change]) => ({ idempotencyKey: key, ...change, updatedAt })), { pooled: true })
    for (const change of changes) change.resolve()
  }
}
