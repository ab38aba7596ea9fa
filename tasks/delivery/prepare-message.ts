// Validation of a message to send: the type exists, the meta parses with its schema, the locale and
// uniqKey are sane, exactly one recipient, normalized. The result is the row to insert.
import { typedError } from '../../schema/shared/errors'
import { normalizeEmail, normalizePhone } from '../../schema/shared/normalize'
import { textProblem } from '../../schema/shared/text-rules'
import type { RegistryReader } from '../define'
import { DEFAULT_LOCALE, type MessageTypeDefinition } from './contracts'
import { messageTypes } from './registry'
import { unsafeMetaStrings } from './meta-text'

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
  /** The staff member who caused it (a send from the Admin UI, a broadcast): the audit trail. */
  sentById?: string | null
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
  const problems = parsed.success
    ? unsafeMetaStrings(parsed.data)
    : parsed.error.issues.map(issue => ({ path: issue.path.join('.') || '(meta)', problem: issue.message }))
  if (parsed.success && problems.length === 0) return parsed.data
  throw typedError('INVALID_MESSAGE_META', `Invalid meta for ${definition.type}: ${problems.map(p => `${p.path}: ${p.problem}`).join('; ')}`, {
    fields: problems.map(p => (p.path === '(meta)' ? '' : p.path)),
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
export async function missingReference(prisma: any, data: { userId?: string; organizationId: string | null }) {
  if (data.userId && !(await prisma.user.count({ where: { id: data.userId } }))) {
    return typedError('RECIPIENT_NOT_FOUND', 'There is no user with this id')
  }
  if (data.organizationId && !(await prisma.organization.count({ where: { id: data.organizationId } }))) {
    return typedError('ORGANIZATION_NOT_FOUND', 'There is no organization with this id')
  }
  return null
}

export const isForeignKeyViolation = (error: unknown) => (error as any)?.code === 'P2003' || /foreign key/i.test(String((error as Error)?.message))

/** Meta already validated in this call, per type: the parsed value, by the input's meta object. */
export type MetaMemo = Map<MessageTypeDefinition, WeakMap<object, unknown>>

/**
 * Validates one input into the row to insert; a typed error otherwise. With a memo, inputs of one call
 * that share their meta object (a fan-out: one text for every recipient) have it parsed once and share
 * the parsed value (rows only read it).
 */
export function prepare(registry: RegistryReader, input: SendMessageInput, memo?: MetaMemo) {
  const definition = messageTypeOrThrow(registry, input.type)
  const meta = memoizedMeta(definition, input.meta, memo)
  const locale = input.locale?.trim() || DEFAULT_LOCALE
  // the message does not repeat the input: it may be anything, of any length, and errors are logged
  if (!LOCALE.test(locale)) throw typedError('WRONG_LOCALE', 'locale is a language tag such as en, ru or ru-RU')
  const uniqKey = input.uniqKey?.trim() || null
  if (uniqKey && textProblem(uniqKey, { max: UNIQ_KEY_MAX, multiline: false })) {
    throw typedError('WRONG_UNIQ_KEY', `uniqKey is at most ${UNIQ_KEY_MAX} characters, on one line, without control characters`)
  }
  const recipient = resolveRecipient(input.to)
  const data = {
    type: definition.type,
    ...recipient,
    organizationId: input.organizationId || null,
    locale,
    meta: meta as object,
    isSecret: !!definition.secret,
    uniqKey,
    sentById: input.sentById ? String(input.sentById) : null,
    status: 'sending',
  }
  return { definition, data }
}

export type Prepared = ReturnType<typeof prepare>


function memoizedMeta(definition: MessageTypeDefinition, meta: unknown, memo: MetaMemo | undefined) {
  if (!memo || !meta || typeof meta !== 'object') return validateMeta(definition, meta)
  let parsed = memo.get(definition)
  if (!parsed) memo.set(definition, (parsed = new WeakMap()))
  if (parsed.has(meta)) return parsed.get(meta)
  const value = validateMeta(definition, meta)
  parsed.set(meta, value)
  return value
}
