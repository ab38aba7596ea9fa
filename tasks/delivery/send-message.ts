// sendMessage: validate, persist, then enqueue. The Message row is the source of truth: when the
// enqueue fails (Redis away), the row stays `sending` and the sweeper enqueues it later.
import type { KeystoneContext } from '@keystone-6/core/types'
import { isUniqueViolation } from '../../adapters/database/unique-violation'
import { typedError } from '../../schema/shared/errors'
import { normalizeEmail, normalizePhone } from '../../schema/shared/normalize'
import type { RegistryReader } from '../define'
import { DEFAULT_LOCALE, type MessageTypeDefinition } from './contracts'
import { DELIVER_TASK, deliverJobId, retryOf, type DeliverPayload } from './names'
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

async function resolveRecipient(context: KeystoneContext<any>, to: SendMessageInput['to']) {
  const given = [to?.userId, to?.phone, to?.email].filter(value => value !== undefined && value !== null && value !== '')
  if (given.length !== 1) throw typedError('WRONG_RECIPIENT', 'Give exactly one recipient: a userId, a phone or an email')
  if (to.userId) {
    const exists = await context.sudo().db.User.count({ where: { id: { equals: String(to.userId) } } })
    if (!exists) throw typedError('RECIPIENT_NOT_FOUND', 'There is no user with this id')
    return { user: { connect: { id: String(to.userId) } }, recipientKey: `user-${to.userId}` }
  }
  if (to.phone) {
    const phone = normalizePhone(String(to.phone))
    if (!phone) throw typedError('WRONG_PHONE_FORMAT', 'The phone number is not valid; give it in international format, e.g. +14155552671')
    return { phone, recipientKey: `phone-${phone}` }
  }
  const email = normalizeEmail(String(to.email))
  if (!email) throw typedError('WRONG_EMAIL_FORMAT', 'The email address is not valid')
  return { email, recipientKey: `email-${email}` }
}

export async function sendMessageWith(
  context: KeystoneContext<any>,
  registry: RegistryReader,
  input: SendMessageInput
): Promise<SendMessageResult> {
  const definition = messageTypeOrThrow(registry, input.type)
  const meta = validateMeta(definition, input.meta)
  const locale = input.locale?.trim() || DEFAULT_LOCALE
  if (!LOCALE.test(locale)) throw typedError('WRONG_LOCALE', `"${locale}" is not a locale such as en, ru or ru-RU`)
  const uniqKey = input.uniqKey?.trim() || null
  if (uniqKey && uniqKey.length > UNIQ_KEY_MAX) throw typedError('WRONG_UNIQ_KEY', `uniqKey is at most ${UNIQ_KEY_MAX} characters`)
  const recipient = await resolveRecipient(context, input.to)
  const sudo = context.sudo()
  if (input.organizationId) {
    const exists = await sudo.db.Organization.count({ where: { id: { equals: input.organizationId } } })
    if (!exists) throw typedError('ORGANIZATION_NOT_FOUND', 'There is no organization with this id')
  }

  let message: { id: string; status: string; generation: number }
  try {
    message = (await sudo.db.Message.createOne({
      data: {
        type: definition.type,
        ...recipient,
        ...(input.organizationId ? { organization: { connect: { id: input.organizationId } } } : {}),
        locale,
        meta,
        isSecret: !!definition.secret,
        uniqKey,
        status: 'sending',
      },
    })) as any
  } catch (error) {
    // the unique index (type, recipientKey, uniqKey) decided: another call created it first
    if (!uniqKey || !isUniqueViolation(error)) throw error
    const [existing] = await sudo.db.Message.findMany({
      where: { type: { equals: definition.type }, recipientKey: { equals: recipient.recipientKey }, uniqKey: { equals: uniqKey } },
      take: 1,
    })
    if (!existing) throw error
    return { id: String(existing.id), status: String(existing.status), created: false }
  }

  await enqueueDelivery(registry, definition, message.id, message.generation ?? 1).catch(error => {
    // the row is saved and stays `sending`: the sweeper enqueues it once the queue is back
    console.warn(`[notifications] message ${message.id} saved, enqueue failed (the sweeper will retry): ${(error as Error).message}`)
  })
  return { id: String(message.id), status: String(message.status), created: true }
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
