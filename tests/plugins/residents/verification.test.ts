// Phone verification: code by SMS through the pipeline, expiry, attempt limit, resend cooldown, daily limits.
import { gql } from '../../harness/http'
import { codeOf, COMPLETE, RESEND, START, startResidentApp, verifiedToken, type ResidentApp } from './helpers'

let r: ResidentApp
beforeAll(async () => {
  r = await startResidentApp({ CONFIRM_PHONE_SMS_PER_PHONE_PER_DAY: '3', CONFIRM_PHONE_SMS_PER_IP_PER_DAY: '50' })
})
afterAll(() => r.app.close())

const prisma = () => r.app.context.sudo().prisma
let n = 0
const nextPhone = () => `+1415555${String(2600 + ++n).padStart(4, '0')}`

test('start sends a 6-digit code by SMS (the SMS_VERIFY type), stored only as hashes', async () => {
  const phone = nextPhone()
  const res = await gql(r.app.url, START, { phone: phone.replace('+1', '+1 (').replace(/(\d{3})(\d{3})(\d{4})$/, '$1) $2-$3') })
  const token = res.body.data.startConfirmPhoneAction.token
  expect(token).toMatch(/^[\w-]{43}$/)
  const code = await r.lastCode(phone)
  expect(code).toMatch(/^\d{6}$/)

  const [row] = await prisma().confirmPhoneAction.findMany({ where: { phone } })
  expect(row.tokenHash).not.toContain(token)
  expect(JSON.stringify(row)).not.toContain(code)
  const message = await prisma().message.findFirst({ where: { phone, type: 'SMS_VERIFY' } })
  expect(message).toBeTruthy()
  expect(JSON.stringify(message.meta ?? {})).not.toContain(code) // scrubbed once delivered
})

test('the code and hashes are never readable through the API, not even by an admin', async () => {
  const res = await gql(r.app.url, `{ confirmPhoneActions { id tokenHash } }`)
  expect(res.body.errors?.[0].message).toMatch(/Cannot query field "tokenHash"/)
})

test('a wrong phone is a typed error and sends nothing', async () => {
  const before = r.sms.sent.length
  const res = await gql(r.app.url, START, { phone: '12345' })
  expect(codeOf(res.body)).toBe('WRONG_PHONE_FORMAT')
  expect(r.sms.sent.length).toBe(before)
})

test('the right code verifies; 5 wrong codes burn the token, even for the right code after', async () => {
  const phone = nextPhone()
  const token = (await gql(r.app.url, START, { phone })).body.data.startConfirmPhoneAction.token
  const code = await r.lastCode(phone)
  const wrong = code === '000000' ? '111111' : '000000'
  for (let left = 4; left >= 1; left--) {
    const res = await gql(r.app.url, COMPLETE, { token, code: wrong })
    expect(codeOf(res.body)).toBe('WRONG_CODE')
    expect(res.body.errors![0].extensions!).toMatchObject({ attemptsLeft: left })
  }
  expect(codeOf((await gql(r.app.url, COMPLETE, { token, code: wrong })).body)).toBe('TOO_MANY_ATTEMPTS')
  expect(codeOf((await gql(r.app.url, COMPLETE, { token, code })).body)).toBe('TOO_MANY_ATTEMPTS')
})

test('parallel wrong guesses cannot exceed the limit', async () => {
  const phone = nextPhone()
  const token = (await gql(r.app.url, START, { phone })).body.data.startConfirmPhoneAction.token
  const code = await r.lastCode(phone)
  const wrong = code === '000000' ? '111111' : '000000'
  await Promise.all(Array.from({ length: 12 }, () => gql(r.app.url, COMPLETE, { token, code: wrong })))
  const row = await prisma().confirmPhoneAction.findFirst({ where: { phone } })
  expect(row.wrongAttempts).toBe(5)
  expect(row.burnedAt).not.toBeNull()
})

test('a code older than 5 minutes is refused; a resend gives a new one', async () => {
  const phone = nextPhone()
  const token = (await gql(r.app.url, START, { phone })).body.data.startConfirmPhoneAction.token
  const oldCode = await r.lastCode(phone)
  const past = new Date(Date.now() - 61_000)
  await prisma().confirmPhoneAction.updateMany({ where: { phone }, data: { codeExpiresAt: new Date(Date.now() - 1), lastSentAt: past } })
  expect(codeOf((await gql(r.app.url, COMPLETE, { token, code: oldCode })).body)).toBe('CODE_EXPIRED')

  expect((await gql(r.app.url, RESEND, { token })).body.data.resendConfirmPhoneActionSms).toBe(true)
  const newCode = await r.lastCode(phone)
  if (newCode !== oldCode) expect(codeOf((await gql(r.app.url, COMPLETE, { token, code: oldCode })).body)).toBe('WRONG_CODE')
  expect((await gql(r.app.url, COMPLETE, { token, code: newCode })).body.data.completeConfirmPhoneAction.isPhoneVerified).toBe(true)
})

test('resend at most once a minute, with a retry-after', async () => {
  const phone = nextPhone()
  const token = (await gql(r.app.url, START, { phone })).body.data.startConfirmPhoneAction.token
  const res = await gql(r.app.url, RESEND, { token })
  expect(codeOf(res.body)).toBe('RESEND_TOO_SOON')
  expect(res.body.errors![0].extensions).toMatchObject({ retryAfter: expect.any(Number) })
  expect((res.body.errors![0].extensions as any).retryAfter).toBeGreaterThan(50)
})

test('an expired token is refused', async () => {
  const phone = nextPhone()
  const token = (await gql(r.app.url, START, { phone })).body.data.startConfirmPhoneAction.token
  const code = await r.lastCode(phone)
  await prisma().confirmPhoneAction.updateMany({ where: { phone }, data: { expiresAt: new Date(Date.now() - 1) } })
  expect(codeOf((await gql(r.app.url, COMPLETE, { token, code })).body)).toBe('CONFIRM_PHONE_ACTION_EXPIRED')
  expect(codeOf((await gql(r.app.url, COMPLETE, { token: 'made-up', code })).body)).toBe('CONFIRM_PHONE_ACTION_NOT_FOUND')
})

test('daily limit per phone (configured: 3) with a retry-after; other phones still work', async () => {
  const phone = nextPhone()
  for (let i = 0; i < 3; i++) expect((await gql(r.app.url, START, { phone })).body.data).toBeTruthy()
  const refused = await gql(r.app.url, START, { phone })
  expect(codeOf(refused.body)).toBe('TOO_MANY_REQUESTS')
  expect((refused.body.errors![0].extensions as any).retryAfter).toBeGreaterThan(3600)
  expect((await gql(r.app.url, START, { phone: nextPhone() })).body.data).toBeTruthy()
})

test('a verified token is reported verified again without spending attempts', async () => {
  const phone = nextPhone()
  const token = await verifiedToken(r, phone)
  const again = await gql(r.app.url, COMPLETE, { token, code: '999999' })
  expect(again.body.data.completeConfirmPhoneAction.isPhoneVerified).toBe(true)
})
