// A resident sets their quiet hours over GraphQL: one row of their own (created, then changed), typed
// errors for a zone or a time that cannot be read (nothing written), and nobody else's row touched.
import { startTestApp, type TestApp } from '../../harness/app'
import { as, createUser } from '../../harness/factories'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

const SET = `mutation($z: String!, $s: String!, $e: String!, $on: Boolean) { setMyQuietHours(timeZone: $z, start: $s, end: $e, isEnabled: $on) { id timeZone start end isEnabled } }`
const GET = `{ myQuietHours { id timeZone start end isEnabled } }`

test('set, read and change one row of their own; bad input is a typed error and writes nothing', async () => {
  const ann = as(app.context, await createUser(app.context, { type: 'resident' }))
  const bob = as(app.context, await createUser(app.context, { type: 'resident' }))
  expect(((await ann.graphql.run({ query: GET })) as any).myQuietHours).toBeNull()
  const first = ((await ann.graphql.run({ query: SET, variables: { z: 'Europe/Berlin', s: '22:00', e: '07:00' } })) as any).setMyQuietHours
  expect(first).toMatchObject({ timeZone: 'Europe/Berlin', start: '22:00', end: '07:00', isEnabled: true })
  const changed = ((await ann.graphql.run({ query: SET, variables: { z: 'America/New_York', s: '23:30', e: '06:00', on: false } })) as any).setMyQuietHours
  expect(changed).toEqual({ id: first.id, timeZone: 'America/New_York', start: '23:30', end: '06:00', isEnabled: false })
  expect(((await ann.graphql.run({ query: GET })) as any).myQuietHours).toEqual(changed)
  expect(((await bob.graphql.run({ query: GET })) as any).myQuietHours).toBeNull()

  const rows = () => (app.context.prisma as any).notificationQuietHoursSetting.count()
  const before = await rows()
  for (const [variables, code] of [
    [{ z: 'Mars/Olympus', s: '22:00', e: '07:00' }, 'WRONG_TIME_ZONE'],
    [{ z: 'Europe/Berlin', s: '22:00', e: '7am' }, 'WRONG_TIME_OF_DAY'],
    [{ z: 'Europe/Berlin', s: '22:00', e: '22:00' }, 'WRONG_QUIET_HOURS'],
  ] as const) {
    const result = await bob.graphql.raw({ query: SET, variables })
    expect(result.errors?.[0]?.extensions?.code).toBe(code)
  }
  expect(await rows()).toBe(before)
  const anonymous = await as(app.context, undefined).graphql.raw({ query: SET, variables: { z: 'UTC', s: '22:00', e: '07:00' } })
  expect(anonymous.errors?.[0]?.extensions?.code).toBe('AUTHENTICATION_REQUIRED')
})
