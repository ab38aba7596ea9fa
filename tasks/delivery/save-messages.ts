// Saving many prepared messages in one transaction: what exists already (by uniqKey) is returned, the
// rest inserted with ids made here (nothing to read back), a foreign key failure named by its input.
// On PostgreSQL the insert itself skips what exists (one round trip per chunk instead of two), or, for a
// single statement outside a transaction, tries a plain insert first (insertOne).
import { randomUUID } from 'node:crypto'
import { providerOf } from '../../adapters/database'
import { insertMany, insertManyPooled, insertManySkippingConflicts, type InsertManySpec } from '../../adapters/database/insert-many'
import { isUniqueViolation } from '../../adapters/database/unique-violation'
import { typedError } from '../../schema/shared/errors'
import { isForeignKeyViolation, type Prepared, type SendMessageResult } from './prepare-message'

/** Inputs per INSERT statement. */
export const INSERT_CHUNK = 1000

const MESSAGE_INSERT = {
  model: 'message',
  table: 'Message',
  columns: {
    id: 'text',
    type: 'text',
    userId: { column: 'user', type: 'text' },
    phone: 'text',
    email: 'text',
    recipientKey: 'text',
    organizationId: { column: 'organization', type: 'text' },
    locale: 'text',
    meta: 'jsonb',
    isSecret: 'boolean',
    uniqKey: 'text',
    sentById: { column: 'sentBy', type: 'text' },
    status: 'text',
    trace: 'jsonb',
    generation: 'integer',
    createdAt: 'timestamp(3)',
    dueAt: 'timestamp(3)',
  },
} as const satisfies InsertManySpec

const rowKey = (row: { type: string; recipientKey: string; uniqKey: string | null }) => JSON.stringify([row.type, row.recipientKey, row.uniqKey])

export type Saved = { created: Map<number, SendMessageResult>; existing: Map<number, SendMessageResult> }

/**
 * One transaction: what exists already (by uniqKey) is returned, the rest inserted. On PostgreSQL one
 * statement per chunk does both (conflicting rows are skipped, then read back: rare, a re-run; insertOne
 * for a single chunk outside a transaction); elsewhere
 * what exists is read first. A foreign key failure names its input. `pooled`: the caller holds the app's
 * own client outside any transaction, so a single statement may skip Prisma (raw-pool.ts).
 */
export async function saveAll(prisma: any, prepared: Prepared[], options: { pooled?: boolean } = {}): Promise<Saved> {
  const postgres = providerOf(prisma) === 'postgresql'
  const existing = postgres ? new Map<number, SendMessageResult>() : await findExisting(prisma, prepared)
  const fresh = prepared.map((p, index) => ({ p, index })).filter(({ index }) => !existing.has(index))
  // inputs repeating a uniqKey within the call: the first one is saved, the others return it
  const firstOf = new Map<string, number>()
  const repeats = new Map<number, number>()
  for (const { p, index } of fresh) {
    if (!p.data.uniqKey) continue
    const key = rowKey(p.data)
    if (firstOf.has(key)) repeats.set(index, firstOf.get(key)!)
    else firstOf.set(key, index)
  }
  let toInsert = fresh.filter(({ index }) => !repeats.has(index))
  // ids made here, so that nothing has to be read back: UUIDs (Keystone ids are opaque strings)
  const now = new Date()
  let rows = toInsert.map(({ p }) => ({ id: randomUUID(), ...p.data, trace: [], generation: 1, createdAt: now, dueAt: now }))
  try {
    if (postgres) {
      // one statement is all or nothing by itself: a transaction (two more round trips) only for several
      const parts = chunk(rows, INSERT_CHUNK)
      const results: { id: string }[][] =
        parts.length === 1
          ? [await insertOne(prisma, parts[0], options)]
          : await prisma.$transaction(parts.map(part => insertManySkippingConflicts(prisma, MESSAGE_INSERT, part)))
      const inserted = new Set(results.flat().map(row => row.id))
      // skipped: another call (or an earlier run) saved this (type, recipient, uniqKey) first
      const skipped = toInsert.filter((_, n) => !inserted.has(rows[n].id))
      if (skipped.length) {
        const found = await findExisting(prisma, skipped.map(({ p }) => p))
        skipped.forEach(({ index }, n) => {
          if (!found.has(n)) throw new Error(`message ${index} was neither inserted nor found`)
          existing.set(index, found.get(n)!)
        })
        rows = rows.filter(row => inserted.has(row.id))
        toInsert = toInsert.filter(({ index }) => !existing.has(index))
      }
    } else {
      await prisma.$transaction(chunk(rows, INSERT_CHUNK).map(part => insertMany(prisma, MESSAGE_INSERT, part)))
    }
  } catch (error) {
    if (!isForeignKeyViolation(error)) throw error
    throw await missingReferenceOf(prisma, prepared, error)
  }
  const created = new Map<number, SendMessageResult>(toInsert.map(({ index }, n) => [index, { id: rows[n].id, status: rows[n].status, created: true }]))
  for (const [index, first] of repeats) existing.set(index, { ...(created.get(first) ?? existing.get(first)!), created: false })
  return { created, existing }
}

/**
 * One statement's rows, PostgreSQL. Outside a transaction (`pooled`) a plain insert first, which is what
 * a fan-out's page nearly always is (an insert that may skip conflicts costs PostgreSQL a speculative
 * insertion per row, and returns every id); when a row exists already (a re-run, a concurrent call) the
 * statement fails as a whole and the rows go again, skipping what exists. Inside one, a failed statement
 * would abort the caller's transaction: skipping from the start.
 */
async function insertOne(prisma: any, rows: Record<string, unknown>[], options: { pooled?: boolean }) {
  if (!options.pooled) return insertManySkippingConflicts(prisma, MESSAGE_INSERT, rows)
  try {
    await insertManyPooled(prisma, MESSAGE_INSERT, rows)
    return rows.map(row => ({ id: row.id as string }))
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    return insertManySkippingConflicts(prisma, MESSAGE_INSERT, rows, options)
  }
}

async function findExisting(prisma: any, prepared: Prepared[]) {
  const keyed = prepared.map((p, index) => ({ ...p.data, index })).filter(d => d.uniqKey)
  const found = new Map<number, SendMessageResult>()
  for (const part of chunk(keyed, INSERT_CHUNK)) {
    const rows: { id: string; status: string; type: string; recipientKey: string; uniqKey: string }[] = await prisma.message.findMany({
      // the type too: then the unique index (type, recipientKey, uniqKey) answers, however many messages share the uniqKey
      where: {
        type: { in: [...new Set(part.map(d => d.type))] },
        uniqKey: { in: [...new Set(part.map(d => d.uniqKey!))] },
        recipientKey: { in: [...new Set(part.map(d => d.recipientKey))] },
      },
      select: { id: true, status: true, type: true, recipientKey: true, uniqKey: true },
    })
    const byKey = new Map(rows.map(row => [rowKey(row), row]))
    for (const d of part) {
      const row = byKey.get(rowKey(d))
      if (row) found.set(d.index, { id: row.id, status: row.status, created: false })
    }
  }
  return found
}

/** The first input whose user or organization does not exist, as a typed error naming its index. */
async function missingReferenceOf(prisma: any, prepared: Prepared[], error: unknown) {
  const users = new Set(
    (await prisma.user.findMany({ where: { id: { in: unique(prepared.map(p => p.data.userId)) } }, select: { id: true } })).map((u: { id: string }) => u.id)
  )
  const organizations = new Set(
    (await prisma.organization.findMany({ where: { id: { in: unique(prepared.map(p => p.data.organizationId)) } }, select: { id: true } })).map(
      (o: { id: string }) => o.id
    )
  )
  const index = prepared.findIndex(p => (p.data.userId && !users.has(p.data.userId)) || (p.data.organizationId && !organizations.has(p.data.organizationId)))
  if (index === -1) return error
  const { data } = prepared[index]
  const missing =
    data.userId && !users.has(data.userId)
      ? typedError('RECIPIENT_NOT_FOUND', 'There is no user with this id')
      : typedError('ORGANIZATION_NOT_FOUND', 'There is no organization with this id')
  return atIndex(missing, index)
}

/** The same typed error, saying which input of a bulk call it is about. */
export function atIndex(error: unknown, index: number) {
  const code = (error as any)?.extensions?.code
  if (!code) return error
  const { code: _code, ...extra } = (error as any).extensions
  return typedError(code, `Message ${index}: ${(error as Error).message}`, { ...extra, index })
}

const unique = <T>(values: (T | null | undefined)[]) => [...new Set(values.filter((v): v is T => v !== null && v !== undefined && v !== ''))]

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const parts: T[][] = []
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size))
  return parts
}

