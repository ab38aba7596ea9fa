// sendMessage: validate, persist, then enqueue. The Message row is the source of truth: when the
// enqueue fails (Redis away), the row stays `sending` and the sweeper enqueues it later.
import type { KeystoneContext } from '@keystone-6/core/types'
import { randomUUID } from 'node:crypto'
import { insertMany, type InsertManySpec } from '../../adapters/database/insert-many'
import { isUniqueViolation } from '../../adapters/database/unique-violation'
import { typedError } from '../../schema/shared/errors'
import { normalizeEmail, normalizePhone } from '../../schema/shared/normalize'
import type { RegistryReader } from '../define'
import { DEFAULT_LOCALE, type MessageTypeDefinition } from './contracts'
import {
  DELIVER_BATCH_TASK,
  DELIVER_TASK,
  DELIVERY_BATCH_SIZE,
  deliverBatchJobId,
  deliverJobId,
  deliverRunJobId,
  retryOf,
  type DeliverBatchPayload,
  type DeliverPayload,
} from './names'
import { messageTypes, queueOf } from './registry'

export type SendMessageInput = {
  type: string
  /** Exactly one: a user, or for people without an account a phone (international format) or an email. */
  to: { userId?: string | null; phone?: string | null; email?: string | null }
  organizationId?: string | null
  /** BCP 47 (en, ru, ru-RU); templates fall back to the language, then English. */
  locale?: string | null
  meta?: unknown
  /** The same (type, recipient, uniqKey) returns the existing message instead of sending twice. */
  uniqKey?: string | null
}

export type SendMessageResult = { id: string; status: string; created: boolean }

const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/
const UNIQ_KEY_MAX = 200

export function messageTypeOrThrow(registry: RegistryReader, type: string): MessageTypeDefinition {
  const definition = messageTypes(registry).get(type)
  if (!definition) throw typedError('UNKNOWN_MESSAGE_TYPE', `There is no message type "${type}"`)
  return definition
}

/** The parsed meta, or INVALID_MESSAGE_META naming the fields (never their values: they may be secrets). */
export function validateMeta(definition: MessageTypeDefinition, meta: unknown) {
  const parsed = definition.meta.safeParse(meta ?? {})
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map(issue => `${issue.path.join('.') || '(meta)'}: ${issue.message}`)
  throw typedError('INVALID_MESSAGE_META', `Invalid meta for ${definition.type}: ${problems.join('; ')}`, {
    fields: parsed.error.issues.map(issue => issue.path.join('.')),
  })
}

/** The recipient columns; a user id is checked by the foreign key on insert (no extra query). */
function resolveRecipient(to: SendMessageInput['to']) {
  const given = [to?.userId, to?.phone, to?.email].filter(value => value !== undefined && value !== null && value !== '')
  if (given.length !== 1) throw typedError('WRONG_RECIPIENT', 'Give exactly one recipient: a userId, a phone or an email')
  if (to.userId) return { userId: String(to.userId), recipientKey: `user-${to.userId}` }
  if (to.phone) {
    const phone = normalizePhone(String(to.phone))
    if (!phone) throw typedError('WRONG_PHONE_FORMAT', 'The phone number is not valid; give it in international format, e.g. +14155552671')
    return { phone, recipientKey: `phone-${phone}` }
  }
  const email = normalizeEmail(String(to.email))
  if (!email) throw typedError('WRONG_EMAIL_FORMAT', 'The email address is not valid')
  return { email, recipientKey: `email-${email}` }
}

/** A foreign key failed: say which of the two references does not exist. */
async function missingReference(prisma: any, data: { userId?: string; organizationId: string | null }) {
  if (data.userId && !(await prisma.user.count({ where: { id: data.userId } }))) {
    return typedError('RECIPIENT_NOT_FOUND', 'There is no user with this id')
  }
  if (data.organizationId && !(await prisma.organization.count({ where: { id: data.organizationId } }))) {
    return typedError('ORGANIZATION_NOT_FOUND', 'There is no organization with this id')
  }
  return null
}

const isForeignKeyViolation = (error: unknown) => (error as any)?.code === 'P2003' || /foreign key/i.test(String((error as Error)?.message))

/** Validates one input into the row to insert; a typed error otherwise. */
function prepare(registry: RegistryReader, input: SendMessageInput) {
  const definition = messageTypeOrThrow(registry, input.type)
  const meta = validateMeta(definition, input.meta)
  const locale = input.locale?.trim() || DEFAULT_LOCALE
  if (!LOCALE.test(locale)) throw typedError('WRONG_LOCALE', `"${locale}" is not a locale such as en, ru or ru-RU`)
  const uniqKey = input.uniqKey?.trim() || null
  if (uniqKey && uniqKey.length > UNIQ_KEY_MAX) throw typedError('WRONG_UNIQ_KEY', `uniqKey is at most ${UNIQ_KEY_MAX} characters`)
  const recipient = resolveRecipient(input.to)
  const data = {
    type: definition.type,
    ...recipient,
    organizationId: input.organizationId || null,
    locale,
    meta: meta as object,
    isSecret: !!definition.secret,
    uniqKey,
    status: 'sending',
  }
  return { definition, data }
}

type Prepared = ReturnType<typeof prepare>

export async function sendMessageWith(
  context: KeystoneContext<any>,
  registry: RegistryReader,
  input: SendMessageInput
): Promise<SendMessageResult> {
  const { definition, data } = prepare(registry, input)
  const { uniqKey, recipientKey } = data

  // Prisma, not context.db: the list refuses creates through the API, and this is the hot path of a
  // fan-out. Everything the list's hooks would check was checked above; the database checks the rest.
  const prisma = context.prisma as any
  let message: { id: string; status: string; generation: number }
  try {
    message = await prisma.message.create({ data, select: { id: true, status: true, generation: true } })
  } catch (error) {
    if (isForeignKeyViolation(error)) throw (await missingReference(prisma, data)) ?? error
    // the unique index (type, recipientKey, uniqKey) decided: another call created it first
    if (!uniqKey || !isUniqueViolation(error)) throw error
    const existing = await prisma.message.findFirst({
      where: { type: definition.type, recipientKey, uniqKey },
      select: { id: true, status: true },
    })
    if (!existing) throw error
    return { id: existing.id, status: existing.status, created: false }
  }

  await enqueueDelivery(registry, definition, message.id, message.generation).catch(error => {
    // the row is saved and stays `sending`: the sweeper enqueues it once the queue is back
    console.warn(`[notifications] message ${message.id} saved, enqueue failed (the sweeper will retry): ${(error as Error).message}`)
  })
  return { id: message.id, status: message.status, created: true }
}

/** Inputs per INSERT statement. */
const INSERT_CHUNK = 1000

/**
 * Many messages at once (a fan-out): every input is validated first, naming the index of a bad one;
 * then all are saved in one transaction — all or nothing — and enqueued after it commits, in batch jobs
 * of DELIVERY_BATCH_SIZE messages of one type. Inputs whose (type, recipient, uniqKey) already exists
 * return the existing message (`created: false`), as sendMessage does. Results are in input order.
 */
export async function sendMessagesWith(
  context: KeystoneContext<any>,
  registry: RegistryReader,
  inputs: readonly SendMessageInput[]
): Promise<SendMessageResult[]> {
  const prepared = inputs.map((input, index) => {
    try {
      return prepare(registry, input)
    } catch (error) {
      throw atIndex(error, index)
    }
  })
  const prisma = context.prisma as any
  // a concurrent call may save the same uniqKey between our read and our insert: read again
  let saved: Saved | undefined
  for (let attempt = 1; !saved; attempt++) {
    try {
      saved = await saveAll(prisma, prepared)
    } catch (error) {
      if (!isUniqueViolation(error) || attempt === 3) throw error
    }
  }

  const created = prepared.flatMap((p, i) => (saved.created.has(i) ? [{ index: i, definition: p.definition, id: saved.created.get(i)!.id }] : []))
  const batches = new Map<string, typeof created>()
  for (const item of created) {
    const list = batches.get(item.definition.type) ?? []
    batches.set(item.definition.type, list)
    list.push(item)
  }
  const jobs = [...batches.values()].flatMap(list => chunk(list, DELIVERY_BATCH_SIZE))
  await queueOf(registry)
    .enqueueMany(
      DELIVER_BATCH_TASK,
      jobs.map(items => ({
        payload: { messageIds: items.map(item => item.id) } satisfies DeliverBatchPayload,
        options: { jobId: deliverBatchJobId(items[0].id), priority: items[0].definition.priority },
      }))
    )
    .catch(error => {
      console.warn(`[notifications] ${created.length} message(s) saved, enqueue failed (the sweeper will retry): ${(error as Error).message}`)
    })
  return prepared.map((_, i) => saved.created.get(i) ?? saved.existing.get(i)!)
}

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
    status: 'text',
    trace: 'jsonb',
    generation: 'integer',
    createdAt: 'timestamp(3)',
    dueAt: 'timestamp(3)',
  },
} as const satisfies InsertManySpec

const rowKey = (row: { type: string; recipientKey: string; uniqKey: string | null }) => JSON.stringify([row.type, row.recipientKey, row.uniqKey])

type Saved = { created: Map<number, SendMessageResult>; existing: Map<number, SendMessageResult> }

/** One transaction: find what exists already (by uniqKey), insert the rest. A foreign key names its input. */
async function saveAll(prisma: any, prepared: Prepared[]): Promise<Saved> {
  const existing = await findExisting(prisma, prepared)
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
  const toInsert = fresh.filter(({ index }) => !repeats.has(index))
  // ids made here, so that nothing has to be read back: UUIDs (Keystone ids are opaque strings)
  const now = new Date()
  const rows = toInsert.map(({ p }) => ({ id: randomUUID(), ...p.data, trace: [], generation: 1, createdAt: now, dueAt: now }))
  try {
    await prisma.$transaction(chunk(rows, INSERT_CHUNK).map(part => insertMany(prisma, MESSAGE_INSERT, part)))
  } catch (error) {
    if (!isForeignKeyViolation(error)) throw error
    throw await missingReferenceOf(prisma, prepared, error)
  }
  const created = new Map<number, SendMessageResult>(toInsert.map(({ index }, n) => [index, { id: rows[n].id, status: rows[n].status, created: true }]))
  for (const [index, first] of repeats) existing.set(index, { ...created.get(first)!, created: false })
  return { created, existing }
}

async function findExisting(prisma: any, prepared: Prepared[]) {
  const keyed = prepared.map((p, index) => ({ ...p.data, index })).filter(d => d.uniqKey)
  const found = new Map<number, SendMessageResult>()
  for (const part of chunk(keyed, INSERT_CHUNK)) {
    const rows: { id: string; status: string; type: string; recipientKey: string; uniqKey: string }[] = await prisma.message.findMany({
      where: { uniqKey: { in: [...new Set(part.map(d => d.uniqKey!))] }, recipientKey: { in: [...new Set(part.map(d => d.recipientKey))] } },
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
function atIndex(error: unknown, index: number) {
  const code = (error as any)?.extensions?.code
  if (!code) return error
  const { code: _code, ...extra } = (error as any).extensions
  return typedError(code, `Message ${index}: ${(error as Error).message}`, { ...extra, index })
}

const unique = <T>(values: (T | null | undefined)[]) => [...new Set(values.filter((v): v is T => v !== null && v !== undefined && v !== ''))]

function chunk<T>(items: readonly T[], size: number): T[][] {
  const parts: T[][] = []
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size))
  return parts
}

/** Follow-up runs of messages (handed over from a batch), each a job of its own, in one round trip. */
export function enqueueDeliveries(
  registry: RegistryReader,
  items: readonly { messageId: string; generation: number; runsBefore: number; delayMs: number; definition: MessageTypeDefinition | undefined }[]
) {
  return queueOf(registry).enqueueMany(
    DELIVER_TASK,
    items.map(({ messageId, generation, runsBefore, delayMs, definition }) => {
      const retry = retryOf(definition)
      const payload: DeliverPayload = { messageId, ...retry, runsBefore }
      // the queue counts this job's runs from 1: its policy is what remains of the message's
      return {
        payload,
        options: {
          jobId: deliverRunJobId(messageId, generation, runsBefore + 1),
          delayMs,
          priority: definition?.priority,
          attempts: Math.max(1, retry.attempts - runsBefore),
          backoffMs: retry.backoffMs * 2 ** runsBefore,
        },
      }
    })
  )
}

export function enqueueDelivery(registry: RegistryReader, definition: MessageTypeDefinition | undefined, messageId: string, generation: number) {
  const retry = retryOf(definition)
  const payload: DeliverPayload = { messageId, ...retry }
  return queueOf(registry).enqueue(DELIVER_TASK, payload, {
    jobId: deliverJobId(messageId, generation),
    priority: definition?.priority,
    attempts: retry.attempts,
    backoffMs: retry.backoffMs,
  })
}
