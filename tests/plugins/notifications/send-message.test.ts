// sendMessage: validation with typed errors and nothing written, persistence, uniqKey dedupe by the
// database under concurrency, and the staff mutation's permission check.
import { startTestApp, type TestApp } from '../../harness/app'
import { as, createOrganization, createStaff, createUser } from '../../harness/factories'
import { createContact, usPhone } from '../../harness/contacts'
import { configRegistry } from '../../../plugins/kernel'
import { sendMessage } from '../../../plugins/notifications'
import { IN_TRANSACTION_DELAY_MS, sendMessagesWith, sendMessageWith } from '../../../tasks/delivery/send-message'
import { drain, messageById, testNotificationsPlugin } from './fixtures'

const { plugin, pipeline } = testNotificationsPlugin()
let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ plugins: [plugin] })
})
afterAll(() => app.close())
beforeEach(() => pipeline.reset())

const meta = { title: 'Water', body: 'Off on Monday' }
const count = () => (app.context.prisma as any).message.count()

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    return (error as any).extensions?.code ?? (error as Error).message
  }
  return 'no error'
}

describe('sendMessage validates before writing anything', () => {
  test.each([
    ['an unknown type', { type: 'NO_SUCH_TYPE', to: { phone: '+14155552671' }, meta }, 'UNKNOWN_MESSAGE_TYPE'],
    ['meta missing a field', { type: 'TEST_NOTICE', to: { phone: '+14155552671' }, meta: { title: 'x' } }, 'INVALID_MESSAGE_META'],
    ['meta of the wrong shape', { type: 'TEST_NOTICE', to: { phone: '+14155552671' }, meta: 'text' }, 'INVALID_MESSAGE_META'],
    ['no recipient', { type: 'TEST_NOTICE', to: {}, meta }, 'WRONG_RECIPIENT'],
    ['two recipients', { type: 'TEST_NOTICE', to: { phone: '+14155552671', email: 'a@b.example' }, meta }, 'WRONG_RECIPIENT'],
    ['a bad phone', { type: 'TEST_NOTICE', to: { phone: '12' }, meta }, 'WRONG_PHONE_FORMAT'],
    ['a bad email', { type: 'TEST_NOTICE', to: { email: 'nope' }, meta }, 'WRONG_EMAIL_FORMAT'],
    ['a missing user', { type: 'TEST_NOTICE', to: { userId: 'cl0000000000000000000000' }, meta }, 'RECIPIENT_NOT_FOUND'],
    ['a bad locale', { type: 'TEST_NOTICE', to: { phone: '+14155552671' }, meta, locale: 'english!' }, 'WRONG_LOCALE'],
    ['a missing organization', { type: 'TEST_NOTICE', to: { phone: '+14155552671' }, meta, organizationId: 'cl0000000000000000000000' }, 'ORGANIZATION_NOT_FOUND'],
  ])('%s', async (_name, input, code) => {
    const before = await count()
    expect(await codeOf(sendMessage(app.context, input as any))).toBe(code)
    expect(await count()).toBe(before)
  })

  test('the meta error names the fields but never echoes values (they may be secrets)', async () => {
    const error: any = await sendMessage(app.context, { type: 'TEST_SECRET', to: { phone: '+14155552671' }, meta: { code: 'abc-SECRET' } }).catch(e => e)
    expect(error.extensions).toMatchObject({ code: 'INVALID_MESSAGE_META', fields: ['code'] })
    expect(error.message).not.toContain('abc-SECRET')
  })

  test('the locale error does not repeat what was sent', async () => {
    const error: any = await sendMessage(app.context, { type: 'TEST_NOTICE', to: { phone: '+14155552671' }, meta, locale: '<script>x</script>' }).catch(e => e)
    expect(error.extensions.code).toBe('WRONG_LOCALE')
    expect(error.message).not.toContain('script')
  })
})

test('a message is persisted with the parsed meta and delivered after the write', async () => {
  const user = await createUser(app.context, { type: 'resident', phone: '+14155550100' })
  const sent = await sendMessage(app.context, { type: 'TEST_NOTICE', to: { userId: user.id }, meta, locale: 'ru' })
  expect(sent).toMatchObject({ created: true, status: 'sending' })
  await drain(app)
  const message = await messageById(app, sent.id)
  expect(message).toMatchObject({ status: 'sent', recipientKey: `user-${user.id}`, locale: 'ru', meta, userId: user.id })
  expect(pipeline.sms.sent).toHaveLength(1)
  expect(pipeline.sms.sent[0].content.text).toBe('Внимание, Water: Off on Monday')
})

test('20 concurrent identical calls with a uniqKey make one message and one delivery', async () => {
  const input = { type: 'TEST_NOTICE', to: { phone: '+14155550101' }, meta, uniqKey: 'meter-reading-2026-11' }
  const results = await Promise.all(Array.from({ length: 20 }, () => sendMessage(app.context, input)))
  expect(new Set(results.map(r => r.id)).size).toBe(1)
  expect(results.filter(r => r.created)).toHaveLength(1)
  await drain(app)
  expect(await (app.context.prisma as any).message.count({ where: { uniqKey: 'meter-reading-2026-11' } })).toBe(1)
  expect(pipeline.log).toHaveLength(1)

  // the same key for another recipient or another type is another message
  const other = await sendMessage(app.context, { ...input, to: { phone: '+14155550102' } })
  const otherType = await sendMessage(app.context, { ...input, type: 'TEST_ALL' })
  expect(new Set([results[0].id, other.id, otherType.id]).size).toBe(3)
  await drain(app)
})

test('the same 20 calls from separate processes (nothing shared in memory) still make one message', async () => {
  const registry = configRegistry(app.config)
  // a registry reader of its own per call: as if each call came from another API process
  const anotherProcess = () => ({ all: (key: string) => registry.all(key as any) })
  const input = { type: 'TEST_NOTICE', to: { phone: '+14155550111' }, meta, uniqKey: 'water-2026-11-22' }
  const results = await Promise.all(Array.from({ length: 20 }, () => sendMessageWith(app.context, anotherProcess(), input)))
  expect(new Set(results.map(r => r.id)).size).toBe(1)
  expect(results.filter(r => r.created)).toHaveLength(1)
  await drain(app)
  expect(pipeline.log).toHaveLength(1)
})

describe("sendMessage inside the caller's transaction", () => {
  const inside = (tx: any) => ({ ...app.context, prisma: tx }) as any

  test('the message commits with it and is delivered after the commit, not by a run that came before it', async () => {
    const prisma = app.context.prisma as any
    const sent = await prisma.$transaction(async (tx: any) => {
      const result = await sendMessageWith(inside(tx), configRegistry(app.config), { type: 'TEST_NOTICE', to: { phone: '+14155550121' }, meta })
      // the caller's transaction goes on: a delivery run now would find no message
      await new Promise(resolve => setTimeout(resolve, 500))
      return result
    })
    await drain(app)
    expect(await messageById(app, sent.id)).toMatchObject({ status: 'sent' })
    expect(pipeline.sms.sent.map(s => s.address)).toEqual(['+14155550121'])
  })

  // open past the first run's delay: on PostgreSQL that run finds no message and, the transaction not
  // having ended, waits for it again (without the wait the message waited 5 minutes for the sweeper)
  const heldOpen = { ms: IN_TRANSACTION_DELAY_MS + 1_000, options: { timeout: 15_000 } }

  test('a transaction open longer than the first wait: its message is delivered after the commit, in its first run', async () => {
    const prisma = app.context.prisma as any
    const sent = await prisma.$transaction(async (tx: any) => {
      const result = await sendMessageWith(inside(tx), configRegistry(app.config), { type: 'TEST_NOTICE', to: { phone: '+14155550123' }, meta })
      await new Promise(resolve => setTimeout(resolve, heldOpen.ms))
      return result
    }, heldOpen.options)
    await drain(app)
    const message = await messageById(app, sent.id)
    expect(message.status).toBe('sent')
    // the runs that found no message were waits, not runs
    expect(message.trace.map((entry: any) => entry.run)).toEqual([1])
    expect(pipeline.sms.sent.map(s => s.address)).toEqual(['+14155550123'])
  })

  test('sendMessages inside such a transaction: the batch waits for the commit too', async () => {
    const prisma = app.context.prisma as any
    const phones = ['+14155550124', '+14155550125']
    const sent = await prisma.$transaction(async (tx: any) => {
      const results = await sendMessagesWith(inside(tx), configRegistry(app.config), phones.map(phone => ({ type: 'TEST_NOTICE', to: { phone }, meta })))
      await new Promise(resolve => setTimeout(resolve, heldOpen.ms))
      return results
    }, heldOpen.options)
    await drain(app)
    for (const { id } of sent) expect(await messageById(app, id)).toMatchObject({ status: 'sent' })
    expect(pipeline.sms.sent.map(s => s.address).sort()).toEqual(phones)
  })

  test('a transaction rolled back takes the message with it; nothing is sent, and nothing waits for it', async () => {
    const prisma = app.context.prisma as any
    const before = await count()
    await expect(
      prisma.$transaction(async (tx: any) => {
        await sendMessageWith(inside(tx), configRegistry(app.config), { type: 'TEST_NOTICE', to: { phone: '+14155550122' }, meta })
        await sendMessagesWith(inside(tx), configRegistry(app.config), [{ type: 'TEST_NOTICE', to: { phone: '+14155550126' }, meta }])
        throw new Error('the caller changed its mind')
      })
    ).rejects.toThrow('the caller changed its mind')
    // the runs find the transaction rolled back and stop: waiting for it (two minutes) would outlast the drain
    await drain(app)
    expect(await count()).toBe(before)
    expect(pipeline.log).toEqual([])
  })
})

describe('the sendMessage mutation', () => {
  const SEND = `mutation($data: SendMessageInput!) { sendMessage(data: $data) { id created status message { id type status } } }`

  test('staff holding manageMessages in the organization send; others get FORBIDDEN and nothing is written', async () => {
    const org = await createOrganization(app.context)
    const other = await createOrganization(app.context)
    const manager = await createStaff(app.context, org.id, ['manageMessages'])
    const clerk = await createStaff(app.context, org.id, ['readContacts'])
    const outsider = await createStaff(app.context, other.id, ['manageMessages'])
    const resident = await createUser(app.context, { type: 'resident' })
    const { phone } = await createContact(app.context, { organization: org.id, phone: usPhone() })
    const data = { type: 'TEST_NOTICE', organizationId: org.id, phone, meta }

    const ok = await as(app.context, manager).graphql.raw({ query: SEND, variables: { data } })
    expect(ok.errors).toBeUndefined()
    expect((ok.data as any).sendMessage).toMatchObject({ created: true, message: { type: 'TEST_NOTICE' } })

    const before = await count()
    for (const who of [clerk, outsider, resident, undefined]) {
      const denied = await as(app.context, who as any).graphql.raw({ query: SEND, variables: { data } })
      expect(denied.errors?.[0].extensions?.code).toBe(who ? 'FORBIDDEN' : 'AUTHENTICATION_REQUIRED')
    }
    expect(await count()).toBe(before)
    await drain(app)
  })

  test('secret types are sent by the system only; invalid meta is a typed error', async () => {
    const org = await createOrganization(app.context)
    const manager = await createStaff(app.context, org.id, ['manageMessages'])
    const { phone } = await createContact(app.context, { organization: org.id, phone: usPhone() })
    const run = (data: object) => as(app.context, manager).graphql.raw({ query: SEND, variables: { data: { organizationId: org.id, phone, ...data } } })
    expect((await run({ type: 'TEST_SECRET', meta: { code: '1234' } })).errors?.[0].extensions?.code).toBe('MESSAGE_TYPE_NOT_ALLOWED')
    expect((await run({ type: 'TEST_NOTICE', meta: { title: '' } })).errors?.[0].extensions?.code).toBe('INVALID_MESSAGE_META')
    expect((await run({ type: 'NOPE', meta })).errors?.[0].extensions?.code).toBe('UNKNOWN_MESSAGE_TYPE')
  })
})

test('a Message cannot be created through the list API, even by an admin', async () => {
  const admin = await createUser(app.context, { isAdmin: true })
  const res = await as(app.context, admin).graphql.raw({
    query: `mutation { createMessage(data: { type: "TEST_NOTICE", recipientKey: "x" }) { id } }`,
  })
  expect(res.errors?.[0].message).toMatch(/access denied|not allowed|Access denied/i)
})

describe('sendMessage calls made together', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

  test('are saved in one go (ids made by the process) and each delivered once', async () => {
    const inputs = ['+14155550201', '+14155550202', '+14155550203'].map(phone => ({ type: 'TEST_NOTICE', to: { phone }, meta }))
    const results = await Promise.all(inputs.map(input => sendMessage(app.context, input)))
    expect(results.every(r => r.created && UUID.test(r.id))).toBe(true)
    await drain(app)
    expect(pipeline.sms.sent.map(s => s.address).sort()).toEqual(['+14155550201', '+14155550202', '+14155550203'])
  })

  test('a bad one among them fails alone with its own typed error; the others are saved', async () => {
    const before = await count()
    const settled = await Promise.allSettled([
      sendMessage(app.context, { type: 'TEST_NOTICE', to: { phone: '+14155550204' }, meta }),
      sendMessage(app.context, { type: 'TEST_NOTICE', to: { userId: 'cl0000000000000000000000' }, meta }),
      sendMessage(app.context, { type: 'TEST_NOTICE', to: { phone: '+14155550205' }, meta }),
    ])
    expect(settled.map(s => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((settled[1] as PromiseRejectedResult).reason.extensions.code).toBe('RECIPIENT_NOT_FOUND')
    expect(await count()).toBe(before + 2)
    await drain(app)
    expect(pipeline.log).toHaveLength(2)
  })
})
