// sendMessages (a fan-out): every input validated before anything is written, the index of a bad one
// named, all or nothing in the database, uniqKey dedupe against stored messages, within the call and
// between concurrent calls, results in input order, and delivery through batch jobs.
import { startTestApp, type TestApp } from '../../harness/app'
import { createOrganization, createUser } from '../../harness/factories'
import { sendMessages } from '../../../plugins/notifications'
import { drain, messageById, testNotificationsPlugin } from './fixtures'

const { plugin, pipeline } = testNotificationsPlugin()
let app: TestApp
let prisma: any
beforeAll(async () => {
  app = await startTestApp({ plugins: [plugin] })
  prisma = app.context.prisma
})
afterAll(() => app.close())
beforeEach(() => pipeline.reset())

const meta = { title: 'Water', body: 'Off on Monday' }
let seq = 0
const phone = () => `+1415556${String(1000 + ++seq).padStart(4, '0')}`
const notice = (to: { userId?: string; phone?: string; email?: string }, extra: object = {}) => ({ type: 'TEST_NOTICE', to, meta, ...extra })

async function errorOf(promise: Promise<unknown>) {
  return promise.then(
    () => null,
    (error: any) => error
  )
}

describe('sendMessages validates every input before writing anything', () => {
  test.each([
    ['invalid meta', { meta: { title: 'x' } }, 'INVALID_MESSAGE_META'],
    ['an unknown type', { type: 'NOPE' }, 'UNKNOWN_MESSAGE_TYPE'],
    ['a bad phone', { to: { phone: '12' } }, 'WRONG_PHONE_FORMAT'],
    ['a missing user (found by the foreign key)', { to: { userId: 'cl0000000000000000000000' } }, 'RECIPIENT_NOT_FOUND'],
    ['a missing organization', { organizationId: 'cl0000000000000000000000' }, 'ORGANIZATION_NOT_FOUND'],
  ])('%s in the third input: its code and index, and no message at all', async (_name, bad, code) => {
    const before = await prisma.message.count()
    const inputs = [notice({ phone: phone() }), notice({ phone: phone() }), { ...notice({ phone: phone() }), ...bad }, notice({ phone: phone() })]
    const error = await errorOf(sendMessages(app.context, inputs as any))
    expect(error?.extensions).toMatchObject({ code, index: 2 })
    expect(error.message).toMatch(/^Message 2: /)
    expect(await prisma.message.count()).toBe(before)
    await drain(app)
    expect(pipeline.log).toHaveLength(0)
  })
})

test('one meta object shared by many inputs (a fan-out) is checked against each input\'s type, and each stores the parsed value', async () => {
  // the key the type's schema does not know is dropped from every row (the parse is shared, not skipped)
  const shared = { title: 'Water', body: 'Off on Monday', unknown: 'dropped' }
  const inputs = [notice({ phone: phone() }, { meta: shared }), notice({ phone: phone() }, { meta: shared }), { type: 'TEST_SECRET', to: { phone: phone() }, meta: shared }]
  const error = await errorOf(sendMessages(app.context, inputs as any))
  expect(error?.extensions).toMatchObject({ code: 'INVALID_MESSAGE_META', index: 2 })

  const results = await sendMessages(app.context, inputs.slice(0, 2) as any)
  const stored = await Promise.all(results.map(r => messageById(app, r.id)))
  expect(stored.map((m: any) => m.meta)).toEqual([meta, meta])
  await drain(app)
})

test('results come in input order; every message is delivered through batch jobs', async () => {
  const org = await createOrganization(app.context)
  const users = await Promise.all(Array.from({ length: 3 }, () => createUser(app.context, { type: 'resident' })))
  const anonymous = phone()
  const inputs = [
    notice({ userId: users[0].id }, { organizationId: org.id, locale: 'ru' }),
    notice({ phone: anonymous }),
    { type: 'TEST_ALL', to: { userId: users[1].id }, meta },
    notice({ email: 'Tenant@Example.COM' }),
    notice({ userId: users[2].id }),
  ]
  const results = await sendMessages(app.context, inputs)
  expect(results.map(r => r.created)).toEqual([true, true, true, true, true])
  const stored = await Promise.all(results.map(r => messageById(app, r.id)))
  expect(stored.map((m: any) => [m.type, m.recipientKey])).toEqual([
    ['TEST_NOTICE', `user-${users[0].id}`],
    ['TEST_NOTICE', `phone-${anonymous}`],
    ['TEST_ALL', `user-${users[1].id}`],
    ['TEST_NOTICE', 'email-tenant@example.com'],
    ['TEST_NOTICE', `user-${users[2].id}`],
  ])
  expect(stored[0]).toMatchObject({ organizationId: org.id, locale: 'ru', meta, generation: 1 }) // with BullMQ a worker may already hold it

  await drain(app)
  const delivered = await Promise.all(results.map(r => messageById(app, r.id)))
  expect(delivered.map((m: any) => m.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent'])
  expect(delivered[0].sentAt).toBeInstanceOf(Date)
  expect(pipeline.sms.sent.find(s => s.address === `sms-of-${users[0].id}`)?.content.text).toBe('Внимание, Water: Off on Monday')
  expect(pipeline.log).toHaveLength(6) // TEST_ALL went on both channels
  expect(new Set(pipeline.log.map(s => s.idempotencyKey)).size).toBe(6)
})

test('a uniqKey already stored, or repeated within the call, returns the existing message', async () => {
  const to = { phone: phone() }
  const [first] = await sendMessages(app.context, [notice(to, { uniqKey: 'rent-2026-11' })])
  const results = await sendMessages(app.context, [
    notice(to, { uniqKey: 'rent-2026-11' }),
    notice({ phone: phone() }, { uniqKey: 'rent-2026-11' }),
    notice(to, { uniqKey: 'rent-2026-12' }),
    notice(to, { uniqKey: 'rent-2026-12' }),
  ])
  expect(results.map(r => r.created)).toEqual([false, true, true, false])
  expect(results[0].id).toBe(first.id)
  expect(results[3].id).toBe(results[2].id)
  await drain(app)
  expect(pipeline.log).toHaveLength(3)
})

test('concurrent fan-outs with the same uniqKeys make each message once', async () => {
  const recipients = Array.from({ length: 30 }, () => ({ phone: phone() }))
  const inputs = recipients.map(to => notice(to, { uniqKey: 'outage-42' }))
  const calls = await Promise.all(Array.from({ length: 5 }, () => sendMessages(app.context, inputs)))
  for (let i = 0; i < recipients.length; i++) expect(new Set(calls.map(results => results[i].id)).size).toBe(1)
  expect(calls.flat().filter(r => r.created)).toHaveLength(recipients.length)
  expect(await prisma.message.count({ where: { uniqKey: 'outage-42' } })).toBe(recipients.length)
  await drain(app)
  expect(pipeline.log).toHaveLength(recipients.length)
})

test('an empty fan-out does nothing', async () => {
  expect(await sendMessages(app.context, [])).toEqual([])
})
