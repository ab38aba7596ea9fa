// Phone verification flows. Every state change is a conditional update (compare-and-set in the
// database), so parallel requests with one token cannot win twice or exceed the attempt limit.
import type { KeystoneContext } from '@keystone-6/core/types'
import { typedError } from '../../schema/shared/errors'
import { normalizePhone } from '../../schema/shared/normalize'
import type { Limits } from './limits'
import { hashCode, hashToken, newCode, newToken, sameHash } from './secrets'

export const CODE_TTL_MS = 5 * 60 * 1000
export const RESEND_COOLDOWN_MS = 60 * 1000
export const MAX_WRONG_CODES = 5
/** An unverified token lives as long as a verified one: enough to resend a few codes. */
export const TOKEN_TTL_MS = 60 * 60 * 1000

export type SendCode = (context: KeystoneContext<any>, input: { phone: string; code: string; locale?: string; actionId: string }) => Promise<void>

export type VerificationDeps = { secret: string; limits: Limits; sendCode: SendCode; now?: () => Date }

type Request = { context: KeystoneContext<any>; ip: string }

const db = (context: KeystoneContext<any>) => context.sudo().prisma.confirmPhoneAction

export async function startConfirmPhoneAction(deps: VerificationDeps, { context, ip }: Request, rawPhone: string, locale?: string) {
  const phone = normalizePhone(rawPhone ?? '')
  if (!phone) throw typedError('WRONG_PHONE_FORMAT', 'The phone number is not valid; give it in international format, e.g. +14155552671')
  await deps.limits.consumeSms(phone, ip)
  const now = deps.now?.() ?? new Date()
  const token = newToken()
  const tokenHash = hashToken(token)
  const code = newCode()
  const action = await db(context).create({
    data: {
      phone,
      tokenHash,
      codeHash: hashCode(deps.secret, tokenHash, code),
      codeExpiresAt: new Date(now.getTime() + CODE_TTL_MS),
      expiresAt: new Date(now.getTime() + TOKEN_TTL_MS),
      lastSentAt: now,
      sendCount: 1,
      locale: locale ?? null,
      createdAt: now,
    },
  })
  await deps.sendCode(context, { phone, code, locale, actionId: action.id })
  return { token }
}

async function findLive(context: KeystoneContext<any>, token: string, now: Date) {
  const action = typeof token === 'string' && token ? await db(context).findUnique({ where: { tokenHash: hashToken(token) } }) : null
  if (!action) throw typedError('CONFIRM_PHONE_ACTION_NOT_FOUND', 'This verification does not exist; start a new one')
  if (action.burnedAt) throw typedError('TOO_MANY_ATTEMPTS', 'Too many wrong codes: this verification is closed; start a new one')
  if (action.usedAt) throw typedError('CONFIRM_PHONE_ACTION_USED', 'This verification was already used; start a new one')
  if (action.expiresAt <= now) throw typedError('CONFIRM_PHONE_ACTION_EXPIRED', 'This verification has expired; start a new one')
  return action
}

export async function resendConfirmPhoneActionSms(deps: VerificationDeps, { context, ip }: Request, token: string) {
  const now = deps.now?.() ?? new Date()
  const action = await findLive(context, token, now)
  if (action.verifiedAt) throw typedError('PHONE_ALREADY_VERIFIED', 'The phone is already verified with this token')
  const nextAllowed = (action.lastSentAt?.getTime() ?? 0) + RESEND_COOLDOWN_MS
  if (nextAllowed > now.getTime()) {
    throw typedError('RESEND_TOO_SOON', 'A code was sent less than a minute ago', { retryAfter: Math.ceil((nextAllowed - now.getTime()) / 1000) })
  }
  await deps.limits.consumeSms(action.phone, ip)
  const code = newCode()
  // compare-and-set on lastSentAt: of two parallel resends, one sends
  const { count } = await db(context).updateMany({
    where: { id: action.id, lastSentAt: action.lastSentAt, verifiedAt: null, burnedAt: null },
    data: {
      codeHash: hashCode(deps.secret, action.tokenHash, code),
      codeExpiresAt: new Date(now.getTime() + CODE_TTL_MS),
      lastSentAt: now,
      sendCount: { increment: 1 },
    },
  })
  if (count === 0) throw typedError('RESEND_TOO_SOON', 'A code was sent less than a minute ago', { retryAfter: 60 })
  await deps.sendCode(context, { phone: action.phone, code, locale: action.locale ?? undefined, actionId: action.id })
  return true
}

export async function completeConfirmPhoneAction(deps: VerificationDeps, { context, ip }: Request, token: string, code: string) {
  await deps.limits.consumeCheck(ip)
  const now = deps.now?.() ?? new Date()
  const action = await findLive(context, token, now)
  if (action.verifiedAt) return { phone: action.phone }
  if (!action.codeExpiresAt || action.codeExpiresAt <= now) {
    throw typedError('CODE_EXPIRED', 'The code has expired; ask for a new one')
  }
  // take an attempt first, atomically: parallel guesses cannot exceed the limit
  const taken = await db(context).updateMany({
    where: { id: action.id, wrongAttempts: { lt: MAX_WRONG_CODES }, burnedAt: null, verifiedAt: null },
    data: { wrongAttempts: { increment: 1 } },
  })
  if (taken.count === 0) throw typedError('TOO_MANY_ATTEMPTS', 'Too many wrong codes: this verification is closed; start a new one')

  const expected = hashCode(deps.secret, action.tokenHash, typeof code === 'string' ? code.trim() : '')
  if (sameHash(action.codeHash, expected)) {
    // the attempt was right: give it back, mark verified; the verified token lives one hour from now
    await db(context).update({
      where: { id: action.id },
      data: { wrongAttempts: { decrement: 1 }, verifiedAt: now, codeHash: null, expiresAt: new Date(now.getTime() + TOKEN_TTL_MS) },
    })
    return { phone: action.phone }
  }
  const after = await db(context).findUniqueOrThrow({ where: { id: action.id } })
  const attemptsLeft = MAX_WRONG_CODES - after.wrongAttempts
  if (attemptsLeft <= 0) {
    await db(context).update({ where: { id: action.id }, data: { burnedAt: now, codeHash: null } })
    throw typedError('TOO_MANY_ATTEMPTS', 'Too many wrong codes: this verification is closed; start a new one')
  }
  throw typedError('WRONG_CODE', `The code is wrong; ${attemptsLeft} attempt(s) left`, { attemptsLeft })
}

/** Marks a verified token used, once; returns the verified phone. */
export async function consumeVerifiedToken(deps: Pick<VerificationDeps, 'now'>, context: KeystoneContext<any>, token: string) {
  const now = deps.now?.() ?? new Date()
  const action = await findLive(context, token, now)
  if (!action.verifiedAt) throw typedError('PHONE_NOT_VERIFIED', 'Complete the verification with the SMS code first')
  const { count } = await db(context).updateMany({ where: { id: action.id, usedAt: null }, data: { usedAt: now } })
  if (count === 0) throw typedError('CONFIRM_PHONE_ACTION_USED', 'This verification was already used; start a new one')
  return action.phone as string
}
